"""echo: answers the payload byte for byte.

Handler:   python3 /runtime/faas_runtime.py /app/handler.py   (POST /run)
Exec path: python3 /app/handler.py                            (copies stdin to stdout)"""
import shutil
import sys


def handle(body: bytes) -> bytes:
    return body


if __name__ == "__main__":
    shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer, 1 << 16)

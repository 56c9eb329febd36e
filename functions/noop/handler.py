"""noop: does nothing and answers nothing (the runtime's own floor).

Handler:   python3 /runtime/faas_runtime.py /app/handler.py   (POST /run -> 200, empty body)
Exec path: python3 /app/handler.py                            (reads and discards stdin, prints nothing)"""
import sys


def handle(body: bytes) -> None:
    return None


if __name__ == "__main__":
    while sys.stdin.buffer.read(1 << 16):
        pass

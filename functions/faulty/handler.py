"""faulty: fails on request, for the gateway's failure tests.

    crash      writes "faulty: crashing on request" to stderr and kills the whole process (exit code 3)
    hang       never answers
    fail       raises RuntimeError("asked to fail")  -> 500 with the traceback
    slow:<ms>  sleeps <ms> milliseconds, then answers "slept"
    else       answers the payload back

Handler:   python3 /runtime/faas_runtime.py /app/handler.py   (POST /run)
Exec path: python3 /app/handler.py                            (the same, payload on stdin, answer on stdout)"""
import os
import sys
import threading
import time


def handle(body: bytes) -> bytes:
    if body == b"crash":
        sys.stderr.write("faulty: crashing on request\n")
        sys.stderr.flush()
        os._exit(3)
    if body == b"hang":
        threading.Event().wait()  # forever
    if body == b"fail":
        raise RuntimeError("asked to fail")
    if body.startswith(b"slow:"):
        time.sleep(float(body[5:]) / 1000)
        return b"slept"
    return body


if __name__ == "__main__":
    sys.stdout.buffer.write(handle(sys.stdin.buffer.read()))

"""fib-python as a resident handler (python3 /runtime/faas_runtime.py /app/handler.py): the same work and the same
output line as the exec path (python3 /app/fib.py 20000), with n taken from the payload when it is a decimal number."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fib import fib  # noqa: E402  (/app/fib.py, next to this file)

DEFAULT_N = 20000
NUMBER = re.compile(rb"\s*[+-]?\d+\s*")

sys.set_int_max_str_digits(0)


def handle(body: bytes) -> str:
    n = int(body) if NUMBER.fullmatch(body) else DEFAULT_N
    if n < 0 or n > 1_000_000:
        raise ValueError(f"n must be between 0 and 1000000 (got {n})")
    start = time.perf_counter()
    value = str(fib(n))
    ms = (time.perf_counter() - start) * 1000
    return f"fib({n}) has {len(value)} digits, ends in ...{value[-12:]} ({ms:.1f} ms)\n"

"""Iterative Fibonacci with Python's big integers; prints one result line."""
import sys
import time


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def main() -> int:
    sys.set_int_max_str_digits(0)
    try:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    except ValueError:
        print(f"usage: fib.py <n>  (got {sys.argv[1]!r})", file=sys.stderr)
        return 2
    if n < 0 or n > 1_000_000:
        print("n must be between 0 and 1000000", file=sys.stderr)
        return 2
    start = time.perf_counter()
    value = str(fib(n))
    ms = (time.perf_counter() - start) * 1000
    print(f"fib({n}) has {len(value)} digits, ends in ...{value[-12:]} ({ms:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

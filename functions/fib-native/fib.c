/* Naive doubly recursive Fibonacci: exponential work from a tiny binary. Prints one result line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long long fib(int n) { return n < 2 ? (unsigned long long)n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    /* An empty image has no shell and no sleep: this keeps a warm container alive for docker exec. */
    if (argc > 1 && strcmp(argv[1], "--idle") == 0) {
        for (;;) pause();
    }
    char *end = NULL;
    long n = argc > 1 ? strtol(argv[1], &end, 10) : 32;
    if (argc > 1 && (*argv[1] == '\0' || *end != '\0')) {
        fprintf(stderr, "usage: fib <n>  (got '%s')\n", argv[1]);
        return 2;
    }
    if (n < 0 || n > 50) {
        fprintf(stderr, "n must be between 0 and 50\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long value = fib((int)n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("fib(%ld) = %llu (%.1f ms)\n", n, value, ms);
    return 0;
}

/* Naive doubly recursive Fibonacci: exponential work from a tiny binary. Prints one result line.
 *
 *   fib N             computes fib(N)                                     (the exec path: /fib 42)
 *   fib --stdin N     reads stdin; a decimal number there is n, else N    (per request under /watchdog /fib --stdin 42)
 *   fib --idle        sleeps forever (keeps a warm container of an empty image alive for docker exec) */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long long fib(int n) { return n < 2 ? (unsigned long long)n : fib(n - 1) + fib(n - 2); }

/* Parses a whole string as a decimal number (surrounding white space allowed); 0 when it is not one. */
static int parse_n(const char *s, long *n) {
    while (isspace((unsigned char)*s)) s++;
    if (*s == '\0') return 0;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || errno) return 0;
    while (isspace((unsigned char)*end)) end++;
    if (*end != '\0') return 0;
    *n = v;
    return 1;
}

/* Reads all of stdin (so the writer never meets a closed pipe); the first 63 bytes are kept in buf. */
static void read_stdin(char *buf, size_t cap) {
    size_t len = 0;
    char chunk[65536];
    for (;;) {
        ssize_t r = read(0, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (len + 1 < cap) {
            size_t take = (size_t)r < cap - 1 - len ? (size_t)r : cap - 1 - len;
            memcpy(buf + len, chunk, take);
            len += take;
        } else {
            len = cap; /* marks "longer than a number can be" */
        }
    }
    if (len >= cap) buf[0] = 'x', buf[1] = '\0'; /* too long to be a number: use the default */
    else buf[len] = '\0';
}

int main(int argc, char **argv) {
    /* An empty image has no shell and no sleep: this keeps a warm container alive for docker exec. */
    if (argc > 1 && strcmp(argv[1], "--idle") == 0) {
        for (;;) pause();
    }
    long n = 32;
    const char *arg = argc > 1 ? argv[1] : NULL;
    int from_stdin = arg && strcmp(arg, "--stdin") == 0;
    if (from_stdin) arg = argc > 2 ? argv[2] : NULL;
    if (arg && !parse_n(arg, &n)) {
        fprintf(stderr, "usage: fib <n> | fib --stdin <default n> | fib --idle  (got '%s')\n", arg);
        return 2;
    }
    if (from_stdin) {
        char in[64];
        read_stdin(in, sizeof in);
        long v;
        if (parse_n(in, &v)) n = v;
    }
    if (n < 0 || n > 50) {
        fprintf(stderr, "n must be between 0 and 50 (got %ld)\n", n);
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

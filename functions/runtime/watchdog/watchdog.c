/*
 * The FaaS watchdog (OpenFaaS classic-watchdog style): serves the function runtime contract (README.md next to this
 * directory) for any executable, one process per invocation.
 *
 *     /watchdog CMD ARG...        e.g.  /watchdog /fib --stdin 42
 *
 *   GET  /ready   -> 200 "ok"
 *   POST /run     -> runs CMD ARG... with the payload on stdin. Exit 0: 200 + its stdout. Non-zero exit or killed by
 *                    a signal: 500 + the last 4 KB of its stderr. Both carry X-Function-Ms (the command's wall time)
 *                    and X-Exit-Code (its exit code, or 128 + the signal).
 *   anything else -> 404;  a malformed request -> 400 (and close);  a payload over 64 MB -> 413 (and close)
 *
 * Port 8080 (FAAS_PORT overrides). One forked process per connection serves its kept-alive HTTP/1.1 requests one
 * after the other; every answer leaves in one write on a TCP_NODELAY socket. The command's stderr is copied to the
 * watchdog's own stderr (docker logs). CMD is an absolute path (no PATH lookup, no shell: the image may be empty).
 *
 * Build: gcc -O2 -static -s -o watchdog watchdog.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (64L * 1024 * 1024) /* payload limit: a larger body is a 413 */
#define MAX_LINE 8192                /* one request or header line */
#define MAX_HEADERS 100
#define STDERR_TAIL 4096 /* how much of a failing command's stderr the 500 carries */
#define IO_CHUNK 65536

static char **command; /* argv[1..] of the watchdog */

static void logf_(const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t ignored = write(2, line, (size_t)n); /* one write: lines of concurrent connections do not interleave */
    (void)ignored;
}

static void write_all_fd(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        p += w;
        len -= (size_t)w;
    }
}

/* ---------- buffered reading from the connection ---------- */

typedef struct {
    int fd;
    char buf[IO_CHUNK];
    size_t start, end;
} reader_t;

/* Refills the buffer; 1 on data, 0 on EOF, -1 on error. */
static int fill(reader_t *r) {
    if (r->start == r->end) r->start = r->end = 0;
    if (r->end == sizeof r->buf) { /* compact */
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, sizeof r->buf - r->end);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        r->end += (size_t)n;
        return 1;
    }
}

/* Reads one line (without CR LF) into out (NUL-terminated). 1 ok, 0 EOF before any byte, -1 error / EOF mid-line,
 * -2 line too long. */
static int read_line(reader_t *r, char *out, size_t cap) {
    size_t len = 0;
    for (;;) {
        while (r->start < r->end) {
            char c = r->buf[r->start++];
            if (c == '\n') {
                if (len > 0 && out[len - 1] == '\r') len--;
                out[len] = '\0';
                return 1;
            }
            if (len + 1 >= cap) return -2;
            out[len++] = c;
        }
        int f = fill(r);
        if (f <= 0) return (f == 0 && len == 0) ? 0 : -1;
    }
}

/* Reads exactly len bytes into out; 0 ok, -1 EOF / error. */
static int read_exact(reader_t *r, char *out, size_t len) {
    while (len > 0) {
        if (r->start == r->end) {
            /* Large reads go straight into the destination, past the buffer. */
            if (len >= sizeof r->buf) {
                ssize_t n = read(r->fd, out, len);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) return -1;
                out += n;
                len -= (size_t)n;
                continue;
            }
            if (fill(r) <= 0) return -1;
        }
        size_t take = r->end - r->start;
        if (take > len) take = len;
        memcpy(out, r->buf + r->start, take);
        r->start += take;
        out += take;
        len -= take;
    }
    return 0;
}

/* ---------- answers ---------- */

static const char *reason(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    default: return "Unknown";
    }
}

/* Sends status line, headers and body in one write (one buffer, looping only on partial writes). 0 ok, -1 error. */
static int send_answer(int fd, int status, const char *extra, const char *body, size_t body_len, int close_after,
                       int head_only) {
    char header[512];
    int hl = snprintf(header, sizeof header,
                      "HTTP/1.1 %d %s\r\nContent-Type: application/octet-stream\r\nContent-Length: %zu\r\n%s%s\r\n",
                      status, reason(status), body_len, extra ? extra : "", close_after ? "Connection: close\r\n" : "");
    if (hl < 0 || hl >= (int)sizeof header) return -1;
    size_t send_len = (size_t)hl + (head_only ? 0 : body_len);
    char *out = malloc(send_len ? send_len : 1);
    if (!out) return -1;
    memcpy(out, header, (size_t)hl);
    if (!head_only && body_len) memcpy(out + hl, body, body_len);
    size_t off = 0;
    int rc = 0;
    while (off < send_len) {
        ssize_t w = send(fd, out + off, send_len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    free(out);
    return rc;
}

static int send_text(int fd, int status, const char *text, int close_after, int head_only) {
    return send_answer(fd, status, NULL, text, strlen(text), close_after, head_only);
}

/* ---------- running the command ---------- */

typedef struct {
    char *data;
    size_t len, cap;
} buf_t;

static int buf_append(buf_t *b, const char *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : IO_CHUNK;
        while (cap < b->len + n) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static double ms_since(const struct timespec *t0) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Runs the command with payload on stdin; collects stdout into out and the stderr tail into err_tail.
 * Returns the exit code (128 + signal when killed), or -1 when it could not be started (err_tail says why). */
static int run_command(const char *payload, size_t payload_len, buf_t *out, buf_t *err_tail, double *ms) {
    int in[2], op[2], ep[2];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (pipe2(in, O_CLOEXEC) < 0) goto pipe_fail;
    if (pipe2(op, O_CLOEXEC) < 0) { close(in[0]); close(in[1]); goto pipe_fail; }
    if (pipe2(ep, O_CLOEXEC) < 0) { close(in[0]); close(in[1]); close(op[0]); close(op[1]); goto pipe_fail; }

    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(in[0]); close(in[1]); close(op[0]); close(op[1]); close(ep[0]); close(ep[1]);
        errno = e;
        goto pipe_fail;
    }
    if (pid == 0) {
        /* The command gets default signal dispositions (ignored ones would survive execv). */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        if (dup2(in[0], 0) < 0 || dup2(op[1], 1) < 0 || dup2(ep[1], 2) < 0) _exit(127);
        execv(command[0], command);
        char msg[512];
        int n = snprintf(msg, sizeof msg, "watchdog: cannot run %s: %s\n", command[0], strerror(errno));
        if (n > 0) write_all_fd(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
        _exit(127);
    }
    close(in[0]);
    close(op[1]);
    close(ep[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);

    int in_fd = in[1], out_fd = op[0], err_fd = ep[0];
    size_t written = 0;
    if (payload_len == 0) { close(in_fd); in_fd = -1; }
    char chunk[IO_CHUNK];
    int oom = 0;
    while (in_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
        struct pollfd p[3];
        int n = 0, i_in = -1, i_out = -1, i_err = -1;
        if (in_fd >= 0) { p[n].fd = in_fd; p[n].events = POLLOUT; i_in = n++; }
        if (out_fd >= 0) { p[n].fd = out_fd; p[n].events = POLLIN; i_out = n++; }
        if (err_fd >= 0) { p[n].fd = err_fd; p[n].events = POLLIN; i_err = n++; }
        if (poll(p, (nfds_t)n, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (i_in >= 0 && p[i_in].revents) {
            ssize_t w = write(in_fd, payload + written, payload_len - written);
            if (w > 0) written += (size_t)w;
            /* Done, or the command closed its stdin / exited without reading it all (EPIPE): either way stop. */
            if (written == payload_len || (w < 0 && errno != EINTR && errno != EAGAIN)) {
                close(in_fd);
                in_fd = -1;
            }
        }
        if (i_out >= 0 && p[i_out].revents) {
            ssize_t r = read(out_fd, chunk, sizeof chunk);
            if (r > 0) {
                if (!oom && buf_append(out, chunk, (size_t)r) < 0) oom = 1;
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(out_fd);
                out_fd = -1;
            }
        }
        if (i_err >= 0 && p[i_err].revents) {
            ssize_t r = read(err_fd, chunk, sizeof chunk);
            if (r > 0) {
                write_all_fd(2, chunk, (size_t)r);
                /* Keep only the tail: once past 2 x STDERR_TAIL, drop all but the last STDERR_TAIL bytes. */
                if ((size_t)r >= STDERR_TAIL) {
                    err_tail->len = 0;
                    buf_append(err_tail, chunk + r - STDERR_TAIL, STDERR_TAIL);
                } else {
                    buf_append(err_tail, chunk, (size_t)r);
                    if (err_tail->len > 2 * STDERR_TAIL) {
                        memmove(err_tail->data, err_tail->data + err_tail->len - STDERR_TAIL, STDERR_TAIL);
                        err_tail->len = STDERR_TAIL;
                    }
                }
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(err_fd);
                err_fd = -1;
            }
        }
    }
    if (in_fd >= 0) close(in_fd);
    if (out_fd >= 0) close(out_fd);
    if (err_fd >= 0) close(err_fd);

    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) { status = 0x7f00; break; } /* cannot happen with SIGCHLD at its default */
    }
    *ms = ms_since(&t0);
    if (err_tail->len > STDERR_TAIL) {
        memmove(err_tail->data, err_tail->data + err_tail->len - STDERR_TAIL, STDERR_TAIL);
        err_tail->len = STDERR_TAIL;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
    if (oom && code == 0) {
        const char *m = "watchdog: out of memory collecting the command's output\n";
        err_tail->len = 0;
        buf_append(err_tail, m, strlen(m));
        return 1;
    }
    return code;

pipe_fail: {
    char msg[256];
    int n = snprintf(msg, sizeof msg, "watchdog: cannot start %s: %s\n", command[0], strerror(errno));
    if (n > 0) buf_append(err_tail, msg, strlen(msg));
    logf_("watchdog: cannot start %s: %s", command[0], strerror(errno));
    *ms = ms_since(&t0);
    return -1;
}
}

/* Answers one POST /run; 0 to keep the connection, -1 to close it. */
static int handle_run(int fd, const char *payload, size_t payload_len, int close_after) {
    buf_t out = {0}, err = {0};
    double ms = 0;
    int code = run_command(payload, payload_len, &out, &err, &ms);
    char extra[128];
    int rc;
    if (code == 0) {
        snprintf(extra, sizeof extra, "X-Function-Ms: %.3f\r\nX-Exit-Code: 0\r\n", ms);
        rc = send_answer(fd, 200, extra, out.data, out.len, close_after, 0);
    } else {
        if (code < 0) code = 127;
        if (err.len == 0) {
            char msg[128];
            int n = code > 128 ? snprintf(msg, sizeof msg, "watchdog: command killed by signal %d\n", code - 128)
                               : snprintf(msg, sizeof msg, "watchdog: command exited with code %d\n", code);
            if (n > 0) buf_append(&err, msg, (size_t)n);
            write_all_fd(2, msg, strlen(msg));
        }
        snprintf(extra, sizeof extra, "X-Function-Ms: %.3f\r\nX-Exit-Code: %d\r\n", ms, code);
        rc = send_answer(fd, 500, extra, err.data, err.len, close_after, 0);
    }
    free(out.data);
    free(err.data);
    return (rc < 0 || close_after) ? -1 : 0;
}

/* ---------- the connection ---------- */

static int token_in_list(const char *list, const char *token) {
    size_t tl = strlen(token);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        const char *s = p;
        while (*p && *p != ',') p++;
        const char *e = p;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if ((size_t)(e - s) == tl && strncasecmp(s, token, tl) == 0) return 1;
    }
    return 0;
}

/* Reads a chunked body into b; 0 ok, 400 / 413 on a bad or too large body. */
static int read_chunked(reader_t *r, buf_t *b) {
    char line[MAX_LINE];
    for (;;) {
        if (read_line(r, line, sizeof line) != 1) return 400;
        char *end;
        errno = 0;
        unsigned long size = strtoul(line, &end, 16);
        if (end == line || errno || (*end && *end != ';' && *end != ' ' && *end != '\t')) return 400;
        if (size == 0) {
            for (;;) { /* trailers up to the empty line */
                if (read_line(r, line, sizeof line) != 1) return 400;
                if (line[0] == '\0') return 0;
            }
        }
        if (size > (unsigned long)MAX_BODY || b->len + size > (size_t)MAX_BODY) return 413;
        if (b->len + size > b->cap) {
            size_t cap = b->cap ? b->cap : IO_CHUNK;
            while (cap < b->len + size) cap *= 2;
            char *d = realloc(b->data, cap);
            if (!d) return 413;
            b->data = d;
            b->cap = cap;
        }
        if (read_exact(r, b->data + b->len, size) < 0) return 400;
        b->len += size;
        if (read_line(r, line, sizeof line) != 1 || line[0] != '\0') return 400;
    }
}

static void serve_connection(int fd) {
    static reader_t r; /* one connection per process */
    r.fd = fd;
    r.start = r.end = 0;
    char line[MAX_LINE];
    for (;;) {
        /* Request line (empty lines before it are tolerated, RFC 9112 §2.2). */
        int lr;
        do lr = read_line(&r, line, sizeof line);
        while (lr == 1 && line[0] == '\0');
        if (lr == 0) return; /* the client closed between requests */
        if (lr < 0) {
            if (lr == -2) send_text(fd, 400, "request line too long\n", 1, 0);
            return;
        }
        char method[16], target[MAX_LINE], version[16];
        int maj = 0, min = 0;
        if (sscanf(line, "%15s %8191s %15s", method, target, version) != 3 ||
            sscanf(version, "HTTP/%d.%d", &maj, &min) != 2 || maj != 1) {
            send_text(fd, 400, "bad request line\n", 1, 0);
            return;
        }
        int keep_alive = min >= 1;
        long content_length = -1;
        int chunked = 0, expect_continue = 0, bad = 0, headers = 0;
        for (;;) {
            lr = read_line(&r, line, sizeof line);
            if (lr != 1) {
                if (lr != 0 && lr != -1) send_text(fd, 400, "header line too long\n", 1, 0);
                return;
            }
            if (line[0] == '\0') break;
            if (++headers > MAX_HEADERS) { send_text(fd, 400, "too many headers\n", 1, 0); return; }
            char *colon = strchr(line, ':');
            if (!colon) { bad = 1; continue; }
            *colon = '\0';
            char *value = colon + 1;
            while (*value == ' ' || *value == '\t') value++;
            size_t vl = strlen(value);
            while (vl > 0 && (value[vl - 1] == ' ' || value[vl - 1] == '\t')) value[--vl] = '\0';
            if (strcasecmp(line, "Content-Length") == 0) {
                char *end;
                errno = 0;
                long v = strtol(value, &end, 10);
                if (end == value || *end || errno || v < 0 || (content_length >= 0 && v != content_length)) bad = 1;
                else content_length = v;
            } else if (strcasecmp(line, "Transfer-Encoding") == 0) {
                if (token_in_list(value, "chunked")) chunked = 1;
                else bad = 1; /* an encoding we cannot undo */
            } else if (strcasecmp(line, "Connection") == 0) {
                if (token_in_list(value, "close")) keep_alive = 0;
                else if (token_in_list(value, "keep-alive")) keep_alive = 1;
            } else if (strcasecmp(line, "Expect") == 0) {
                if (strcasecmp(value, "100-continue") == 0) expect_continue = 1;
            }
        }
        int close_after = !keep_alive;
        if (bad) { send_text(fd, 400, "bad request headers\n", 1, 0); return; }
        if (!chunked && content_length > MAX_BODY) {
            send_text(fd, 413, "payload exceeds the limit of 64 MB\n", 1, 0);
            return;
        }
        if (expect_continue && min >= 1 && (chunked || content_length > 0)) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            if (send(fd, cont, sizeof cont - 1, MSG_NOSIGNAL) < 0) return;
        }

        buf_t body = {0};
        if (chunked) {
            int st = read_chunked(&r, &body);
            if (st) {
                free(body.data);
                send_text(fd, st, st == 413 ? "payload exceeds the limit of 64 MB\n" : "bad chunked body\n", 1, 0);
                return;
            }
        } else if (content_length > 0) {
            body.data = malloc((size_t)content_length);
            if (!body.data) { send_text(fd, 413, "payload too large for memory\n", 1, 0); return; }
            if (read_exact(&r, body.data, (size_t)content_length) < 0) { free(body.data); return; }
            body.len = (size_t)content_length;
        }

        char *q = strchr(target, '?');
        if (q) *q = '\0';
        int head = strcmp(method, "HEAD") == 0;
        int rc;
        if (strcmp(target, "/run") == 0 && strcmp(method, "POST") == 0) {
            rc = handle_run(fd, body.data ? body.data : "", body.len, close_after);
        } else if (strcmp(target, "/ready") == 0 && (strcmp(method, "GET") == 0 || head)) {
            rc = send_text(fd, 200, "ok", close_after, head) < 0 || close_after ? -1 : 0;
        } else {
            rc = send_text(fd, 404, "not found\n", close_after, head) < 0 || close_after ? -1 : 0;
        }
        free(body.data);
        if (rc < 0) return;
    }
}

static void on_term(int sig) {
    (void)sig;
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr,
                "usage: watchdog CMD [ARG...]\n"
                "  serves GET /ready and POST /run on :8080 (FAAS_PORT overrides); each POST /run runs CMD ARG...\n"
                "  with the payload on stdin and answers its stdout (exit 0) or its stderr tail (500).\n");
        return 2;
    }
    command = argv + 1;
    int port = 8080;
    const char *env = getenv("FAAS_PORT");
    if (env && *env) {
        char *end;
        long p = strtol(env, &end, 10);
        if (*end || p <= 0 || p > 65535) {
            fprintf(stderr, "watchdog: bad FAAS_PORT '%s'\n", env);
            return 1;
        }
        port = (int)p;
    }

    /* Connection processes are reaped by the kernel; as PID 1 of a container SIGTERM needs a handler to work. */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0) { perror("watchdog: socket"); return 1; }
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons((unsigned short)port);
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("watchdog: bind"); return 1; }
    if (listen(ls, 128) < 0) { perror("watchdog: listen"); return 1; }
    logf_("watchdog: listening on :%d, running %s per request", port, command[0]);

    for (;;) {
        int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            logf_("watchdog: accept: %s", strerror(errno));
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                struct timespec ts = {0, 100 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
            continue;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pid_t pid = fork();
        if (pid == 0) {
            close(ls);
            signal(SIGCHLD, SIG_DFL); /* so waitpid sees the command's exit status */
            serve_connection(fd);
            close(fd);
            _exit(0);
        }
        if (pid < 0) logf_("watchdog: fork: %s", strerror(errno));
        close(fd);
    }
}

package faastestbed.gateway.runtime;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few bytes of HTTP/1.1 the gateway speaks with a resident handler: one request written in one piece (a request
 * split over two writes costs a Nagle + delayed-ACK round on a kept connection), and answers with a Content-Length.
 * Pure over streams, so it is tested without a container.
 */
public final class HandlerHttp {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private HandlerHttp() {
    }

    /** The whole request, headers and body, as one buffer. */
    public static byte[] request(String method, String path, String host, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * Reads one answer. Throws {@link EOFException} when the stream ends before the first byte (the peer closed the
     * connection: a handler that died, or a kept connection the peer dropped) and {@link HandlerProtocolException}
     * when what arrives is not a valid answer or its body is over {@code maxBody}.
     */
    public static HandlerResponse read(InputStream in, long maxBody) throws IOException {
        String statusLine = line(in, true);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new HandlerProtocolException("not an HTTP answer: '" + abbreviate(statusLine) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new HandlerProtocolException("bad status in '" + abbreviate(statusLine) + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        for (String h; !(h = line(in, false)).isEmpty(); ) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new HandlerProtocolException("answer headers over " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new HandlerProtocolException("bad header line '" + abbreviate(h) + "'");
            }
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        boolean keepAlive = !"close".equalsIgnoreCase(headers.getOrDefault("connection", ""))
                && statusLine.startsWith("HTTP/1.1");
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new HandlerProtocolException("bad Content-Length '" + abbreviate(length) + "'");
            }
            if (n < 0 || n > maxBody) {
                throw new HandlerProtocolException("answer of " + n + " bytes is over the limit of " + maxBody + " bytes");
            }
            body = in.readNBytes((int) n);
            if (body.length < n) {
                throw new EOFException("answer cut short after " + body.length + " of " + n + " bytes");
            }
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = chunked(in, maxBody);
        } else {
            // No length: the body runs to the end of the connection, which then cannot be kept.
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                throw new HandlerProtocolException("answer is over the limit of " + maxBody + " bytes");
            }
            keepAlive = false;
        }
        return new HandlerResponse(status, body, functionMs(headers.get("x-function-ms")),
                exitCode(headers.get("x-exit-code"), status), keepAlive);
    }

    private static byte[] chunked(InputStream in, long maxBody) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in, false);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new HandlerProtocolException("bad chunk size '" + abbreviate(size) + "'");
            }
            if (n == 0) {
                while (!line(in, false).isEmpty()) {
                    // trailers are ignored
                }
                return out.toByteArray();
            }
            if (out.size() + n > maxBody) {
                throw new HandlerProtocolException("answer is over the limit of " + maxBody + " bytes");
            }
            byte[] chunk = in.readNBytes((int) n);
            if (chunk.length < n) {
                throw new EOFException("answer cut short in a chunk");
            }
            out.write(chunk);
            line(in, false);
        }
    }

    private static double functionMs(String v) {
        if (v == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            return d >= 0 && Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int exitCode(String v, int status) {
        if (v != null) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException ignored) {
                // fall through to what the status says
            }
        }
        return status == 200 ? 0 : 1;
    }

    /** A CRLF- (or LF-) terminated line in ISO-8859-1, without its terminator. */
    private static String line(InputStream in, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && sb.length() == 0) {
                    throw new NoAnswerException();
                }
                throw new EOFException("the handler's answer was cut short");
            }
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_BYTES) {
                throw new HandlerProtocolException("answer line over " + MAX_HEADER_BYTES + " bytes");
            }
            sb.append((char) b);
        }
    }

    /** The connection ended before the first byte of an answer. */
    public static final class NoAnswerException extends EOFException {
        NoAnswerException() {
            super("the handler closed the connection without answering");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

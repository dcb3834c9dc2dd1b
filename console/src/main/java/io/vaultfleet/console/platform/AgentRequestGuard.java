package io.vaultfleet.console.platform;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Everything under {@code /agent/**} is open to anyone who can reach the console, so every such request is held to
 * the same rules before anything reads it, whatever its spelling ({@code /agent/%65nroll}, {@code /agent/enroll/},
 * path parameters: the decision is made on the path as the servlet container decoded and normalised it):
 * <ul>
 *   <li>a body of at most {@link #MAX_BODY_BYTES} (except {@code PUT /agent/transfers/<id>}, a recovery point's
 *       file streamed to a browser): a larger declared length is refused at once with 413, and a body
 *       without a declared length (chunked) is counted while it is read and cut off at the limit;</li>
 *   <li>no error page: every error is a status with a one-line plain-text reason, never a redirect to the login page
 *       (the error dispatch would go through the browser console's security) and never a stack trace.</li>
 * </ul>
 * Registered first in the filter chain (see {@link PlatformConfiguration}), so even Spring Security's refusals of
 * odd paths ({@code %25}, {@code ;}) come back this way.
 */
public class AgentRequestGuard extends OncePerRequestFilter {
    /** A vault credentials file is at most 64 KiB (base64 in the request: about 86 KiB); nothing else is larger. */
    public static final long MAX_BODY_BYTES = 256 * 1024;
    /** Set on the request when its body went over the limit, so error handling answers 413 whoever noticed. */
    public static final String TOO_LARGE = AgentRequestGuard.class.getName() + ".tooLarge";
    private static final Logger log = LoggerFactory.getLogger(AgentRequestGuard.class);

    /** Whether the request is for the agent endpoints, judged on the decoded, normalised path. */
    public static boolean isAgentRequest(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/agent") || path.startsWith("/agent/");
    }

    /** {@code PUT /agent/transfers/<id>}: the one agent request whose body has no size limit (a streamed file). */
    static boolean isTransfer(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return "PUT".equals(request.getMethod()) && path.matches("/agent/transfers/[0-9a-fA-F-]{36}");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isAgentRequest(request);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OneLineErrors errors = new OneLineErrors(response);
        long declared = request.getContentLengthLong();
        if (isTransfer(request)) {
            // a recovery point's file on its way to a browser: streamed through, never held (Recover Data)
            try {
                chain.doFilter(request, errors);
            } catch (IOException | ServletException | RuntimeException e) {
                log.error("agent transfer {} from {} failed", LogSafe.of(request.getRequestURI(), 200),
                        request.getRemoteAddr(), e);
                if (!response.isCommitted()) {
                    errors.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                            "The console failed to handle this request; its log has the details.");
                }
            }
            return;
        }
        if (declared > MAX_BODY_BYTES) {
            tooLarge(request, errors);
            return;
        }
        try {
            chain.doFilter(new LimitedBody(request), errors);
        } catch (IOException | ServletException | RuntimeException e) {
            if (request.getAttribute(TOO_LARGE) != null) {
                tooLarge(request, errors);
                return;
            }
            log.error("agent request {} {} from {} failed", request.getMethod(), LogSafe.of(request.getRequestURI(), 200),
                    request.getRemoteAddr(), e);
            if (!response.isCommitted()) {
                errors.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                        "The console failed to handle this request; its log has the details.");
            }
        }
    }

    private static void tooLarge(HttpServletRequest request, OneLineErrors response) throws IOException {
        log.warn("refused agent request {} {} from {}: body over {} bytes", request.getMethod(),
                LogSafe.of(request.getRequestURI(), 200), request.getRemoteAddr(), MAX_BODY_BYTES);
        if (!response.isCommitted()) {
            // the rest of the body is not read: close the connection rather than drain it
            response.setHeader("Connection", "close");
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "The request body is over the limit of " + MAX_BODY_BYTES + " bytes.");
        }
    }

    /** Reads of the body fail once more than {@link #MAX_BODY_BYTES} have been read. */
    private static final class LimitedBody extends HttpServletRequestWrapper {
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), (HttpServletRequest) getRequest());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final HttpServletRequest request;
        private long count;

        CountingStream(ServletInputStream in, HttpServletRequest request) {
            this.in = in;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > MAX_BODY_BYTES) {
                request.setAttribute(TOO_LARGE, Boolean.TRUE);
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Thrown by a read past the limit. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("the request body is over the limit of " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** {@code sendError} becomes a status and a one-line reason, so no error page is dispatched. */
    static final class OneLineErrors extends HttpServletResponseWrapper {
        OneLineErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                throw new IllegalStateException("the response is already committed");
            }
            resetBuffer();
            setStatus(status);
            setContentType("text/plain;charset=UTF-8");
            HttpStatus known = HttpStatus.resolve(status);
            String reason = message != null && !message.isBlank() ? message
                    : known != null ? known.getReasonPhrase() : "Error " + status;
            byte[] line = (LogSafe.of(reason, 300) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                getOutputStream().write(line);
            } catch (IllegalStateException writerInUse) {
                PrintWriter writer = getWriter();
                writer.write(new String(line, StandardCharsets.UTF_8));
            }
            flushBuffer();
        }
    }
}

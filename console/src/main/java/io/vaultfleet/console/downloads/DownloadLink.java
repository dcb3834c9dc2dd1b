package io.vaultfleet.console.downloads;

import java.io.ByteArrayInputStream;
import java.util.function.Function;

import org.springframework.security.access.AccessDeniedException;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.server.streams.InputStreamDownloadHandler;

import io.vaultfleet.console.platform.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A link whose file is produced when it is followed, under the signed-in user's rights (the producer is given the
 * address the browser used, for files that name the console), and that says how the download went.
 */
public final class DownloadLink {
    private DownloadLink() {
    }

    /** A download link; {@code done} is the notification shown when the file has been sent. */
    public static Anchor of(String label, String id, String done, Function<String, DownloadedFile> producer) {
        Anchor a = new Anchor(DownloadHandler.<InputStreamDownloadHandler>fromInputStream(event -> {
            try {
                DownloadedFile file = producer.apply(baseUrl(event.getRequest()));
                return new DownloadResponse(new ByteArrayInputStream(file.content()), file.fileName(),
                        file.contentType(), file.content().length);
            } catch (AccessDeniedException e) {
                return DownloadResponse.error(403, e.getMessage());
            } catch (InvalidInputException e) {
                return DownloadResponse.error(400, e.getMessage());
            } catch (RuntimeException e) {
                return DownloadResponse.error(500, e.getMessage());
            }
        }).whenComplete(ok -> confirm(done, ok)), label);
        a.setId(id);
        a.addClassNames("download-link");
        return a;
    }

    /** A download says how it went: the browser's own download bar is easy to miss (runs with the UI locked). */
    private static void confirm(String done, boolean ok) {
        Notification n = Notification.show(ok ? done : "The download did not finish. Try again.", 5000,
                Notification.Position.BOTTOM_END);
        n.addThemeVariants(ok ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
    }

    /**
     * The address the browser used: the host it named and the port the connection really arrived on (the
     * {@code Host} header's port is as much the caller's choice as its name). {@code ConsoleAddress} decides whether
     * it may be used.
     */
    static String baseUrl(VaadinRequest request) {
        if (request instanceof VaadinServletRequest servlet) {
            HttpServletRequest r = servlet.getHttpServletRequest();
            String host = r.getServerName();
            return r.getScheme() + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                    + ":" + r.getLocalPort() + r.getContextPath();
        }
        return null;
    }
}

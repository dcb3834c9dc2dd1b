package io.vaultfleet.console.monitoring;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.storage.SecretBox;

/** Alert e-mails through the SMTP server saved in the console (read at each send, so a change applies at once). */
@Component
class AlertMail {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private final SecretBox secrets;

    AlertMail(SecretBox secrets) {
        this.secrets = secrets;
    }

    void send(NotificationSettingsRepository.StoredSmtp smtp, List<String> to, String subject, String body) {
        SmtpSettings s = smtp.settings();
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(s.host());
        sender.setPort(s.port());
        sender.setProtocol(s.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp");
        sender.setDefaultEncoding("UTF-8");
        Properties props = new Properties();
        String prefix = "mail." + sender.getProtocol() + ".";
        props.put(prefix + "connectiontimeout", "10000");
        props.put(prefix + "timeout", "10000");
        props.put(prefix + "writetimeout", "10000");
        if (s.security() == SmtpSettings.Security.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (s.username() != null) {
            sender.setUsername(s.username());
            sender.setPassword(smtp.sealedPassword() == null ? "" : secrets.open(smtp.sealedPassword()));
            props.put(prefix + "auth", "true");
        }
        sender.setJavaMailProperties(props);
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(s.fromAddress());
        message.setTo(to.toArray(String[]::new));
        message.setSubject(subject);
        message.setText(body);
        sender.send(message);
    }

    static String subject(Alert alert, NotificationOutbox.Event event) {
        return event == NotificationOutbox.Event.RESOLVED
                ? "[VaultFleet] Resolved: " + alert.title()
                : "[VaultFleet] " + alert.severity().label() + " alert: " + alert.title();
    }

    static String body(Alert alert, NotificationOutbox.Event event) {
        StringBuilder text = new StringBuilder();
        text.append(event == NotificationOutbox.Event.RESOLVED ? "This alert was resolved.\n\n" : "A new alert was raised.\n\n");
        text.append("Alert:     ").append(alert.title()).append('\n');
        text.append("Rule:      ").append(alert.rule() == null ? "" : alert.rule().label()).append('\n');
        text.append("Severity:  ").append(alert.severity().label()).append('\n');
        text.append("Vault:     ").append(alert.vaultName() == null ? "" : alert.vaultName()).append('\n');
        if (alert.serverName() != null) {
            text.append("Server:    ").append(alert.serverName()).append('\n');
        }
        text.append("Raised:    ").append(WHEN.format(alert.raisedAt())).append('\n');
        if (alert.resolvedAt() != null) {
            text.append("Resolved:  ").append(WHEN.format(alert.resolvedAt())).append(" by ").append(alert.resolvedBy())
                    .append('\n');
        }
        text.append("Detail:    ").append(alert.detail() == null ? "" : alert.detail()).append("\n\n");
        text.append("Open Alerts in the VaultFleet console to acknowledge it.\n");
        return text.toString();
    }
}

package io.tickertape.digest.delivery;

import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Where and how mail is sent. For Amazon SES: host {@code email-smtp.<region>.amazonaws.com}, port 587 with
 * {@link Security#STARTTLS} (or 465 with {@link Security#TLS}), the SES SMTP user name, and the SES SMTP password
 * from the {@code SMTP_PASSWORD} environment variable (never from a flag or a file in the repo).
 *
 * @param password        null when the server needs no authentication
 * @param from            the From mailbox, e.g. {@code tickertape <digest@example.com>}; its domain also names
 *                        Message-IDs
 * @param trustedTlsHosts hosts whose certificate is trusted without validation (space separated), for test
 *                        servers with self-signed certificates only; null in production
 */
public record SmtpSettings(String host, int port, Security security, String username, String password,
                           InternetAddress from, Duration connectTimeout, Duration readTimeout,
                           Duration writeTimeout, String trustedTlsHosts) {

    /** How the connection is protected. */
    public enum Security {
        /** Plain SMTP, then STARTTLS, which is required: a server that does not offer it is refused. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS,
        /** No encryption: local relays and test servers only. */
        NONE
    }

    public SmtpSettings {
        if (host == null || host.isBlank() || HeaderValues.hasControl(host)) {
            throw new IllegalArgumentException("SMTP host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port out of range: " + port);
        }
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(from, "from");
        for (Duration d : new Duration[]{connectTimeout, readTimeout, writeTimeout}) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("SMTP timeouts must be positive: " + d);
            }
        }
        if (username != null && username.isBlank()) {
            username = null;
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("SMTP user " + username + " is set but SMTP_PASSWORD is not");
        }
    }

    /** Defaults: STARTTLS on 587, 10 s to connect, 30 s per read and write. */
    public static SmtpSettings of(String host, int port, Security security, String username, String password,
                                  InternetAddress from) {
        return new SmtpSettings(host, port, security, username, password, from, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), null);
    }

    public SmtpSettings withTrustedTlsHosts(String hosts) {
        return new SmtpSettings(host, port, security, username, password, from, connectTimeout, readTimeout,
                writeTimeout, hosts);
    }

    public SmtpSettings withTimeouts(Duration connect, Duration read, Duration write) {
        return new SmtpSettings(host, port, security, username, password, from, connect, read, write, trustedTlsHosts);
    }

    public boolean authenticated() {
        return username != null;
    }

    /** The Jakarta Mail transport protocol: {@code smtps} for implicit TLS, else {@code smtp}. */
    public String protocol() {
        return security == Security.TLS ? "smtps" : "smtp";
    }

    /** Session properties. Every network step has a timeout, so no send can hang a run or a stream thread. */
    public Properties sessionProperties() {
        String p = "mail." + protocol() + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol());
        props.setProperty(p + "host", host);
        props.setProperty(p + "port", Integer.toString(port));
        props.setProperty(p + "connectiontimeout", Long.toString(connectTimeout.toMillis()));
        props.setProperty(p + "timeout", Long.toString(readTimeout.toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(writeTimeout.toMillis()));
        props.setProperty(p + "auth", Boolean.toString(authenticated()));
        props.setProperty(p + "from", from.getAddress()); // envelope sender: bounces go to the From address
        if (security == Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (security != Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
            props.setProperty(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
            if (trustedTlsHosts != null && !trustedTlsHosts.isBlank()) {
                props.setProperty(p + "ssl.trust", trustedTlsHosts);
                props.setProperty(p + "ssl.checkserveridentity", "false");
            }
        }
        // Message-IDs are ours (deterministic); a random one from Jakarta Mail would defeat receiver-side dedupe.
        props.setProperty("mail.mime.charset", "UTF-8");
        return props;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SmtpSettings[" + security.name().toLowerCase(Locale.ROOT) + "://" + (username == null ? "" : username + ":***@")
                + host + ":" + port + ", from=" + from.getAddress() + "]";
    }
}

package io.tickertape.digest.delivery;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS, authentication and timeouts against real SMTP servers (GreenMail SMTPS with a self-signed certificate). */
class SmtpMailerTest {

    @RegisterExtension
    static GreenMailExtension smtps = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("digest@tickertape.example", "ses-user", "s3cret"));

    @RegisterExtension
    static GreenMailExtension plain = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static SmtpSettings tls(String user, String password) {
        return SmtpSettings.of("127.0.0.1", smtps.getSmtps().getPort(), SmtpSettings.Security.TLS, user, password,
                HeaderValues.mailbox("tickertape <digest@tickertape.example>")).withTrustedTlsHosts("127.0.0.1");
    }

    private static MimeMessage message(SmtpMailer mailer) throws Exception {
        MimeMessage m = new MimeMessage(mailer.session());
        m.setFrom(HeaderValues.mailbox("digest@tickertape.example"));
        m.setRecipient(Message.RecipientType.TO, HeaderValues.mailbox("reader@example.com"));
        m.setSubject("hello");
        m.setText("body");
        return m;
    }

    @Test
    void sendsOverImplicitTlsWithAuthenticationAndReusesTheConnection() throws Exception {
        try (SmtpMailer mailer = new SmtpMailer(tls("ses-user", "s3cret"))) {
            mailer.send(message(mailer));
            mailer.send(message(mailer));
        }
        assertThat(smtps.getReceivedMessages()).hasSize(2);
    }

    @Test
    void wrongCredentialsAreADefiniteFailure() {
        try (SmtpMailer mailer = new SmtpMailer(tls("ses-user", "wrong"))) {
            assertThatThrownBy(() -> mailer.send(message(mailer)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.definitelyNotSent()).isTrue())
                    .hasMessageContaining("authentication failed");
        }
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStarttlsNeverFallsBackToPlaintext() {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", plain.getSmtp().getPort(), SmtpSettings.Security.STARTTLS,
                "ses-user", "s3cret", HeaderValues.mailbox("digest@tickertape.example"));
        try (SmtpMailer mailer = new SmtpMailer(settings)) {
            // The server does not offer STARTTLS: the connection is refused before credentials or mail are sent.
            assertThatThrownBy(() -> mailer.send(message(mailer)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.definitelyNotSent()).isTrue());
        }
        assertThat(plain.getReceivedMessages()).isEmpty();
    }

    @Test
    void settingsCarryEveryTimeoutAndNeverPrintThePassword() {
        SmtpSettings s = SmtpSettings.of("email-smtp.us-west-2.amazonaws.com", 587, SmtpSettings.Security.STARTTLS,
                "AKIAEXAMPLE", "hunter2", HeaderValues.mailbox("digest@tickertape.example"))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(25));
        var props = s.sessionProperties();
        assertThat(props).containsEntry("mail.smtp.connectiontimeout", "5000").containsEntry("mail.smtp.timeout", "20000")
                .containsEntry("mail.smtp.writetimeout", "25000").containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.auth", "true").containsEntry("mail.smtp.ssl.checkserveridentity", "true");
        assertThat(props.values()).doesNotContain("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThatThrownBy(() -> SmtpSettings.of("h", 587, SmtpSettings.Security.STARTTLS, "user", null,
                HeaderValues.mailbox("a@b.example"))).hasMessageContaining("SMTP_PASSWORD");
    }
}

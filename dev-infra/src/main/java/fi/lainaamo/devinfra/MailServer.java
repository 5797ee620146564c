package fi.lainaamo.devinfra;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A real SMTP server (GreenMail, in this JVM) with IMAP to read back what it received: patron-service's e-mail notices
 * go here in the tests and in the local stack. Every recipient gets a mailbox of their own, created on first delivery,
 * whose IMAP login and password are both the address; {@link #USER} is one account made up front.
 */
public final class MailServer implements AutoCloseable {

    /** The local stack's well-known ports (GreenMail's own test ports). */
    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final int DEFAULT_IMAP_PORT = 3143;
    /** An account made at start: its address, IMAP login and password. */
    public static final String USER_ADDRESS = "lainaamo@localhost";
    public static final String USER = "lainaamo";
    public static final String PASSWORD = "lainaamo-mail";

    private final GreenMail greenMail;
    private final int smtpPort;
    private final int imapPort;

    private MailServer(int smtpPort, int imapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER_ADDRESS, USER, PASSWORD));
    }

    /** Starts SMTP and IMAP on the given ports (0: free ones). */
    public static MailServer start(int smtpPort, int imapPort) {
        MailServer server = new MailServer(smtpPort == 0 ? Ports.free() : smtpPort, imapPort == 0 ? Ports.free() : imapPort);
        server.greenMail.start();
        return server;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** Stops SMTP and IMAP, as an SMTP server that went away would; what it had received is dropped. */
    public synchronized void stop() {
        greenMail.stop();
    }

    /** Starts again on the same ports after {@link #stop()}. */
    public synchronized void startAgain() {
        greenMail.start();
    }

    /** One message as the recipient's mail client would show it. */
    public record ReceivedMail(String subject, List<String> to, String text, String html, String contentLanguage, String noticeId) {
    }

    /** Every message received for the address (any letter case), in arrival order. */
    public synchronized List<ReceivedMail> messagesTo(String address) {
        List<ReceivedMail> found = new ArrayList<>();
        try {
            for (MimeMessage message : greenMail.getReceivedMessages()) {
                List<String> to = recipients(message);
                if (to.contains(address.toLowerCase(Locale.ROOT))) {
                    found.add(read(message, to));
                }
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the received mail", e);
        }
        return found;
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        Address[] all = message.getRecipients(Message.RecipientType.TO);
        return all == null ? List.of() : Arrays.stream(all).map(a -> a.toString().toLowerCase(Locale.ROOT))
                .map(a -> a.contains("<") ? a.substring(a.indexOf('<') + 1, a.indexOf('>')) : a).toList();
    }

    private static ReceivedMail read(MimeMessage message, List<String> to) throws MessagingException, IOException {
        String[] parts = new String[2];
        walk(message, parts);
        return new ReceivedMail(message.getSubject(), to, parts[0], parts[1], first(message, "Content-Language"),
                first(message, "X-Lainaamo-Notice"));
    }

    private static void walk(Part part, String[] textAndHtml) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && textAndHtml[0] == null) {
            textAndHtml[0] = part.getContent().toString();
        } else if (part.isMimeType("text/html") && textAndHtml[1] == null) {
            textAndHtml[1] = part.getContent().toString();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), textAndHtml);
            }
        }
    }

    private static String first(MimeMessage message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public synchronized void close() {
        greenMail.stop();
    }
}

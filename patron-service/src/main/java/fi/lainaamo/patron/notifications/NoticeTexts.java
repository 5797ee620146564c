package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.Messages;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * What a notice says, in the patron's language (fi, sv or en; English for anything else): the inbox line and the
 * e-mail subject from the message bundles, the e-mail's plain-text and HTML parts from Qute templates
 * ({@code templates/notices/<occasion>_<language>.txt|html}). Times are shown in the library's time zone.
 */
@ApplicationScoped
public class NoticeTexts {

    private static final Map<String, DateTimeFormatter> WHEN = Map.of(
            "fi", DateTimeFormatter.ofPattern("d.M.yyyy 'klo' H.mm", Locale.forLanguageTag("fi")),
            "sv", DateTimeFormatter.ofPattern("d.M.yyyy 'kl.' H.mm", Locale.forLanguageTag("sv")),
            "en", DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.ENGLISH));

    @Inject
    Engine qute;

    @ConfigProperty(name = "lainaamo.notifications.time-zone", defaultValue = "Europe/Helsinki")
    ZoneId zone;

    /** Where notices link to: the web app (its /shelf page renews). */
    @ConfigProperty(name = "lainaamo.notifications.app-url", defaultValue = "http://localhost:8080")
    String appUrl;

    /** An e-mail as it is sent: subject, plain text, HTML. */
    public record Email(String language, String subject, String text, String html) {
    }

    /** fi, sv or en: the patron's language when it is one of them, else English. */
    public static String language(String patronLanguage) {
        return patronLanguage != null && WHEN.containsKey(patronLanguage) ? patronLanguage : "en";
    }

    /** The inbox line, e.g. "Your hold is ready. Borrow it by 3 December 2026 at 14:00." */
    public String inbox(Occasion occasion, String patronLanguage, Instant at) {
        String language = language(patronLanguage);
        return Messages.text("notice." + occasion.code + ".text", Locale.forLanguageTag(language), when(at, language));
    }

    /** The e-mail for the occasion; {@code title} is the publication's name, or null for the generic wording. */
    public Email email(Occasion occasion, String patronLanguage, String title, Instant at) {
        return email(occasion, patronLanguage, title, at, null);
    }

    /**
     * The e-mail for the occasion; for a loan due, {@code renewable} says whether it could be renewed when the notice
     * was written: true gives the renew link (the web app's shelf), false says it cannot be, null keeps the general
     * wording.
     */
    public Email email(Occasion occasion, String patronLanguage, String title, Instant at, Boolean renewable) {
        String language = language(patronLanguage);
        Locale locale = Locale.forLanguageTag(language);
        String subject = title == null
                ? Messages.text("notice." + occasion.code + ".subject", locale)
                : Messages.text("notice." + occasion.code + ".subject-titled", locale, title);
        String name = "notices/" + occasion.code + "_" + language;
        String renewal = renewable == null ? "unknown" : renewable ? "yes" : "no";
        return new Email(language, subject, render(name + ".txt", title, at, language).data("renewal", renewal).data("renewUrl", appUrl + "/shelf").render(),
                render(name + ".html", title, at, language).data("renewal", renewal).data("renewUrl", appUrl + "/shelf").render());
    }

    /** A push message's title and body: the e-mail's subject and the inbox line. */
    public record Push(String language, String title, String body) {
    }

    /** The push message for the occasion; {@code title} is the publication's name, or null for the generic wording. */
    public Push push(Occasion occasion, String patronLanguage, String title, Instant at) {
        String language = language(patronLanguage);
        Locale locale = Locale.forLanguageTag(language);
        String heading = title == null
                ? Messages.text("notice." + occasion.code + ".subject", locale)
                : Messages.text("notice." + occasion.code + ".subject-titled", locale, title);
        return new Push(language, heading, inbox(occasion, language, at));
    }

    /** One notice of a combined e-mail: what happened, about which title (null for the generic wording), when. */
    public record Part(Occasion occasion, String title, Instant at) {
    }

    /** A line of the combined e-mail, as its template shows it. */
    public record DigestItem(String title, String text) {
    }

    /**
     * Several notices for one patron in one e-mail (issue 15: three holds ready at once are one message): a subject
     * that counts them, and each notice's inbox line under its title.
     */
    public Email digest(String patronLanguage, java.util.List<Part> parts) {
        String language = language(patronLanguage);
        Locale locale = Locale.forLanguageTag(language);
        java.util.List<DigestItem> items = digestItems(language, parts);
        String name = "notices/digest_" + language;
        return new Email(language, Messages.text("notice.digest.subject", locale, parts.size()),
                template(name + ".txt").data("items", items).data("count", parts.size()).render(),
                template(name + ".html").data("items", items).data("count", parts.size()).render());
    }

    /** Several notices in one push message: the count as its title, each notice's title and inbox line as its body. */
    public Push pushDigest(String patronLanguage, java.util.List<Part> parts) {
        String language = language(patronLanguage);
        String body = String.join("\n", digestItems(language, parts).stream()
                .map(item -> item.title() == null ? item.text() : item.title() + ": " + item.text()).toList());
        return new Push(language, Messages.text("notice.digest.subject", Locale.forLanguageTag(language), parts.size()), body);
    }

    private java.util.List<DigestItem> digestItems(String language, java.util.List<Part> parts) {
        return parts.stream().map(part -> new DigestItem(part.title(), inbox(part.occasion(), language, part.at()))).toList();
    }

    private Template template(String name) {
        Template found = qute.getTemplate(name);
        if (found == null) {
            throw new IllegalStateException("no template " + name);
        }
        return found;
    }

    private io.quarkus.qute.TemplateInstance render(String template, String title, Instant at, String language) {
        return template(template).data("title", title).data("when", when(at, language));
    }

    String when(Instant at, String language) {
        return at == null ? "" : WHEN.get(language).format(at.atZone(zone));
    }
}

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
        String language = language(patronLanguage);
        Locale locale = Locale.forLanguageTag(language);
        String subject = title == null
                ? Messages.text("notice." + occasion.code + ".subject", locale)
                : Messages.text("notice." + occasion.code + ".subject-titled", locale, title);
        String name = "notices/" + occasion.code + "_" + language;
        return new Email(language, subject, render(name + ".txt", title, at, language), render(name + ".html", title, at, language));
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

    private String render(String template, String title, Instant at, String language) {
        Template found = qute.getTemplate(template);
        if (found == null) {
            throw new IllegalStateException("no template " + template);
        }
        return found.data("title", title).data("when", when(at, language)).render();
    }

    String when(Instant at, String language) {
        return at == null ? "" : WHEN.get(language).format(at.atZone(zone));
    }
}

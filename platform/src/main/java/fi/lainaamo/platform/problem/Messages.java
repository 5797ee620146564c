package fi.lainaamo.platform.problem;

import jakarta.ws.rs.core.HttpHeaders;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts in Finnish, Swedish and English. A service's own bundle ({@code i18n/messages}) is read first,
 * then the platform's ({@code i18n/platform-messages}); English is the fallback for anything untranslated.
 */
public final class Messages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("fi"), Locale.forLanguageTag("sv"));
    private static final ResourceBundle.Control NO_JVM_LOCALE_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final List<String> BUNDLES = List.of("i18n/messages", "i18n/platform-messages");

    private Messages() {
    }

    /** The best of fi/sv/en for an Accept-Language header; English when none matches. */
    public static Locale locale(HttpHeaders headers) {
        String accept = headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE);
        return locale(accept);
    }

    public static Locale locale(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            Locale match = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return match == null ? Locale.ENGLISH : match;
        } catch (IllegalArgumentException malformed) {
            return Locale.ENGLISH;
        }
    }

    /** The text for {@code key} in {@code locale}, with {@code args} filled in; the key itself when nothing has it. */
    public static String text(String key, Locale locale, Object... args) {
        for (String bundle : BUNDLES) {
            try {
                String pattern = ResourceBundle.getBundle(bundle, locale, Messages.class.getClassLoader(), NO_JVM_LOCALE_FALLBACK)
                        .getString(key);
                return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
            } catch (MissingResourceException notInThisBundle) {
                // try the next bundle
            }
        }
        return key;
    }
}

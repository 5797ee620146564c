package fi.lainaamo.web.i18n;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The app's texts in Finnish, Swedish and English ({@code i18n/messages_xx.properties}, UTF-8). Templates read them
 * as {@code {m.key}}; texts with numbers or dates are formatted here with the language's own rules.
 */
@ApplicationScoped
public class Texts {

    public static final List<String> LANGUAGES = List.of("fi", "sv", "en");

    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    public Texts() {
        for (String language : LANGUAGES) {
            Properties properties = new Properties();
            try (InputStream in = Texts.class.getClassLoader().getResourceAsStream("i18n/messages_" + language + ".properties")) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("i18n/messages_" + language + ".properties is missing", e);
            }
            Map<String, String> texts = new HashMap<>();
            properties.forEach((k, v) -> texts.put((String) k, (String) v));
            byLanguage.put(language, Map.copyOf(texts));
        }
        Map<String, String> english = byLanguage.get("en");
        for (String language : LANGUAGES) {
            if (!byLanguage.get(language).keySet().equals(english.keySet())) {
                throw new IllegalStateException("messages_" + language + " and messages_en do not have the same keys");
            }
        }
    }

    public Map<String, String> of(Locale locale) {
        return byLanguage.getOrDefault(locale.getLanguage(), byLanguage.get("fi"));
    }

    /** The text with its arguments, numbers formatted for the language. */
    public String format(Locale locale, String key, Object... arguments) {
        return new MessageFormat(of(locale).get(key), locale).format(arguments);
    }

    /** "{n} days left": the texts have a form for one ({@code key_one}) and for the rest ({@code key_other}). */
    public String plural(Locale locale, String key, long n) {
        return format(locale, key + (n == 1 ? "_one" : "_other"), n);
    }
}

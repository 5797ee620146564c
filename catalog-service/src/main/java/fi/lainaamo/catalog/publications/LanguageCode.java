package fi.lainaamo.catalog.publications;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bean validation for {@link LanguageCodes#isIso639B}: a language the catalogue can search and show, reported
 * together with every other bad field. Three letters alone are not enough ("foo" is no language).
 */
@Documented
@Constraint(validatedBy = LanguageCode.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface LanguageCode {

    String message() default "must be an ISO 639-2/B language code in lower case, such as fin, swe, eng or und (undetermined)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Absent is left to @NotNull where the field is required. */
    class Check implements ConstraintValidator<LanguageCode, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || LanguageCodes.isIso639B(value);
        }
    }
}

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

/** Bean validation for {@link Isbn#isValid13}, so a bad ISBN is reported together with every other bad field. */
@Documented
@Constraint(validatedBy = ValidIsbn.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidIsbn {

    String message() default "must be an ISBN-13: 13 digits without hyphens and with a correct check digit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Absent is fine (not every publication has an ISBN); present must be valid. */
    class Check implements ConstraintValidator<ValidIsbn, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Isbn.isValid13(value);
        }
    }
}

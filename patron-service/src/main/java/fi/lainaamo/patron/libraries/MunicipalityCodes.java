package fi.lainaamo.patron.libraries;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of municipality codes (Statistics Finland's three digits), each listed once. One constraint on the whole
 * list, so a bad code is reported on the field {@code municipalities} with the codes at fault, not on an index path.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MunicipalityCodes.Validator.class)
public @interface MunicipalityCodes {

    String message() default "each must be a three-digit municipality code, listed once";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks every code; null lists are left to {@code @NotEmpty}. */
    class Validator implements ConstraintValidator<MunicipalityCodes, List<String>> {

        private static final Pattern CODE = Pattern.compile("\\d{3}");

        @Override
        public boolean isValid(List<String> codes, ConstraintValidatorContext context) {
            if (codes == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            for (String code : codes) {
                if (code == null || !CODE.matcher(code).matches() || !seen.add(code)) {
                    return false;
                }
            }
            return true;
        }
    }
}

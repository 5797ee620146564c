package fi.lainaamo.report;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The small-cell rule: a single title's loans in a single municipality below the threshold are shown as "< n" (in
 * the JSON: {@code loans} null and {@code loansShown} "< n"), so the reading of a small municipality's few residents
 * cannot be singled out. Sums over many titles (per format, language, ...) are shown as they are.
 */
@ApplicationScoped
public class SmallCells {

    @ConfigProperty(name = "lainaamo.reports.small-cell")
    int threshold;

    public int threshold() {
        return threshold;
    }

    public boolean hidden(long loans) {
        return loans > 0 && loans < threshold;
    }

    /** The number as it may be shown: itself, or "< n". */
    public String shown(long loans) {
        return hidden(loans) ? "< " + threshold : Long.toString(loans);
    }
}

package fi.lainaamo.loan.loans;

import fi.lainaamo.platform.problem.ProblemException.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BorrowRulesTest {

    static List<String> codes(List<Violation> violations) {
        return violations.stream().map(Violation::code).toList();
    }

    @Test
    void aPatronInGoodStandingMayBorrow() {
        var facts = new BorrowRules.Facts(false, true, 0, 5, false, false, false, 0, false, false);
        assertEquals(List.of(), codes(BorrowRules.withKnownAvailability(facts)));
    }

    @Test
    void everyFailingRuleIsListed() {
        var facts = new BorrowRules.Facts(true, false, 5, 5, true, true, false, 3, true, false);
        assertEquals(List.of("patron-blocked", "library-not-member", "already-on-loan", "loan-limit-reached", "people-waiting"),
                codes(BorrowRules.ownRules(facts)));
    }

    @Test
    void aReadyHoldGoesPastTheQueue() {
        var facts = new BorrowRules.Facts(false, true, 0, 5, false, true, true, 3, true, false);
        assertEquals(List.of(), codes(BorrowRules.withKnownAvailability(facts)));
    }

    @Test
    void noFreeCopyComesFromTheLastKnownAvailability() {
        var facts = new BorrowRules.Facts(false, true, 5, 5, false, false, false, 0, true, false);
        assertEquals(List.of("loan-limit-reached", "no-free-copy"), codes(BorrowRules.withKnownAvailability(facts)));
        assertEquals(List.of("loan-limit-reached"), codes(BorrowRules.ownRules(facts)));
    }

    @Test
    void aTitleNoLicenceCanLendAgainSaysNoLicenceLeftNotNoFreeCopy() {
        // every licence expired: no seats at all, so no free copy either, but a hold would never be served
        var facts = new BorrowRules.Facts(false, true, 0, 5, false, false, false, 0, true, true);
        assertEquals(List.of("no-licence-left"), codes(BorrowRules.withKnownAvailability(facts)));
        var withOwnReasons = new BorrowRules.Facts(true, true, 5, 5, false, false, false, 0, true, true);
        assertEquals(List.of("patron-blocked", "loan-limit-reached", "no-licence-left"),
                codes(BorrowRules.withKnownAvailability(withOwnReasons)));
    }
}

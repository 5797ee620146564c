package fi.lainaamo.license.seats;

import com.fasterxml.jackson.annotation.JsonInclude;
import fi.lainaamo.license.checkouts.Checkout;
import fi.lainaamo.license.licences.Licence;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the patron opens for a loan: the distributor's LCP licence, an open-access file, or our own content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "kind distributor: licenseHref is the LCP licence document and statusHref the distributor's loan status "
        + "document; open-access: contentHref is the file; local: the content is served by catalog-service through a link "
        + "loan-service signs")
public record Fulfilment(String kind, String licenseHref, String statusHref, String contentHref, String contentType, boolean renewable) {

    public static final String LCP_LICENCE = "application/vnd.readium.lcp.license.v1.0+json";
    public static final String AUDIOBOOK_MANIFEST = "application/audiobook+json";

    /** For a LOAN seat; null while a distributor checkout is not settled. */
    static Fulfilment of(Licence licence, Checkout checkout) {
        if (licence.openAccessUrl != null) {
            return new Fulfilment("open-access", null, null, licence.openAccessUrl, licence.openAccessType, false);
        }
        if (checkout != null) {
            if (!Checkout.ACTIVE.equals(checkout.state)) {
                return null;
            }
            // contentHref: an audiobook's manifest for players that stream it, when the distributor links one
            return new Fulfilment("distributor", checkout.licenceUrl, checkout.statusUrl, checkout.manifestUrl,
                    checkout.manifestUrl != null ? AUDIOBOOK_MANIFEST : LCP_LICENCE, checkout.renewUrl != null);
        }
        return licence.checkoutUrl == null ? new Fulfilment("local", null, null, null, null, false) : null;
    }
}

package fi.lainaamo.patron.patrons;

import fi.lainaamo.patron.gdpr.Erasures;
import fi.lainaamo.patron.gdpr.PatronDataExport;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Residents register and manage their own profile and data; librarians find and block their own library's patrons. */
@Path("/v1/patrons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Patrons")
public class PatronResource {

    @Inject
    PatronService patrons;

    @Inject
    PatronDataExport exports;

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerPatron", summary = "Register with a library card", description = "Open to anyone whose municipality is served by a library that has joined Lainaamo. "
            + "Sign in afterwards with the card number and PIN.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = PatronView.class)))
    @APIResponse(responseCode = "400", description = "Invalid card number, PIN, municipality or language", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "card-taken: the card is already registered", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "municipality-not-served: no library that has joined serves the municipality", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull NewPatron patron) {
        PatronView registered = patrons.register(patron);
        return Response.created(URI.create("/v1/patrons/me")).entity(registered).build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "getMyProfile", summary = "The signed-in patron's own profile")
    @APIResponse(responseCode = "200", description = "The profile", content = @Content(schema = @Schema(implementation = PatronView.class)))
    @APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a patron token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found: the account no longer exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronView me() {
        return patrons.profile(caller.patronId());
    }

    @PATCH
    @Path("/me")
    @RolesAllowed(Roles.PATRON)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeMyProfile", summary = "Change the signed-in patron's own profile", description = "Language, e-mail, notification preferences and "
            + "loan-history opt-in; omitted fields stay. Adding an e-mail turns e-mail notifications on unless `notifications` says "
            + "otherwise; removing it turns them off. Other services learn the language and opt-in from a patron updated event.")
    @APIResponse(responseCode = "200", description = "The changed profile", content = @Content(schema = @Schema(implementation = PatronView.class)))
    @APIResponse(responseCode = "400", description = "Invalid language or e-mail", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "email-required: e-mail notifications need an e-mail address", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronView change(@Valid @NotNull ProfileChange change) {
        return patrons.change(caller.patronId(), change);
    }

    @GET
    @Path("/me/export")
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "exportMyData", summary = "Everything Lainaamo holds about the signed-in patron (GDPR)", description = "One JSON document: the profile, "
            + "the notices (inbox and e-mail) and loan-service's loans, holds and history. 503 when loan-service cannot be reached: try again later.")
    @APIResponse(responseCode = "200", description = "The export", content = @Content(schema = @Schema(implementation = PatronExport.class)))
    @APIResponse(responseCode = "503", description = "export-unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response export() {
        return Response.ok(exports.export(caller.patronId()))
                .header("Content-Disposition", "attachment; filename=\"lainaamo-export.json\"")
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("/me")
    @RolesAllowed(Roles.PATRON)
    @Operation(operationId = "eraseMyData", summary = "Erase the signed-in patron (GDPR)", description = "Deletes the account at once (card number, PIN, e-mail), "
            + "its refresh tokens and notices, and asks every other service to erase or anonymise what it holds. The access token stops working here at once.")
    @APIResponse(responseCode = "202", description = "Erasure started; the erasure id lets support follow it", content = @Content(schema = @Schema(implementation = Erasures.Requested.class)))
    public Response erase() {
        return Response.accepted(patrons.erase(caller.patronId())).build();
    }

    @GET
    @RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
    @Operation(operationId = "findPatronByCard", summary = "Find a patron by card number (staff)", description = "A librarian finds only their own library's patrons; "
            + "a card of another library answers 404 like an unknown one.")
    @APIResponse(responseCode = "200", description = "The patron, as a one-element list", content = @Content(schema = @Schema(implementation = PatronRecord.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<PatronRecord> findByCard(@QueryParam("cardNumber") @Size(max = 20) String cardNumber) {
        if (cardNumber == null || cardNumber.isBlank()) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-field", "cardNumber", "cardNumber")));
        }
        return List.of(patrons.findByCard(cardNumber, scope()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
    @Operation(operationId = "getPatron", summary = "One patron (staff)", description = "A librarian sees only their own library's patrons; others answer 404.")
    @APIResponse(responseCode = "200", description = "The patron", content = @Content(schema = @Schema(implementation = PatronRecord.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronRecord get(@PathParam("id") UUID id) {
        return patrons.find(id, scope());
    }

    @POST
    @Path("/{id}/block")
    @RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "blockPatron", summary = "Block a patron (staff)", description = "The patron can no longer borrow or place holds (loan-service learns it from "
            + "the patron blocked event); their refresh tokens end. The reason stays in patron-service.")
    @APIResponse(responseCode = "200", description = "The blocked patron", content = @Content(schema = @Schema(implementation = PatronRecord.class)))
    @APIResponse(responseCode = "400", description = "reason-required", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found (also for another library's patron)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronRecord block(@PathParam("id") UUID id, @Valid @NotNull BlockRequest request) {
        return patrons.block(id, request.reason(), scope());
    }

    @POST
    @Path("/{id}/unblock")
    @RolesAllowed({Roles.LIBRARIAN, Roles.CONSORTIUM_ADMIN})
    @Operation(operationId = "unblockPatron", summary = "Unblock a patron (staff)", description = "Body optional. Publishes patron unblocked.")
    @APIResponse(responseCode = "200", description = "The patron", content = @Content(schema = @Schema(implementation = PatronRecord.class)))
    @APIResponse(responseCode = "404", description = "patron-not-found (also for another library's patron)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PatronRecord unblock(@PathParam("id") UUID id) {
        return patrons.unblock(id, scope());
    }

    private StaffScope scope() {
        boolean admin = caller.hasRole(Roles.CONSORTIUM_ADMIN);
        return new StaffScope(token.getSubject(), admin ? null : caller.libraryId(), admin);
    }
}

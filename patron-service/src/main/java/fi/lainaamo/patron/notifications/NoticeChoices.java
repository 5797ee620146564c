package fi.lainaamo.patron.notifications;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which channels a patron wants for each occasion (the profile's {@code notices}). Stored as one row per patron,
 * occasion and channel with {@code wanted}; no row means the default, wanted. The profile's
 * {@code notifications.email} and {@code notifications.inApp} stay master switches above these, and a channel is used
 * only when it can be: e-mail needs an address, push a subscription.
 */
@ApplicationScoped
public class NoticeChoices {

    @Inject
    EntityManager em;

    /** Every occasion with the channels wanted for it, in the order of {@link Occasion} and {@link Channel}. */
    @Transactional
    public Map<String, List<String>> of(UUID patronId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select occasion, channel from notice_choice where patron_id = ?1 and not wanted")
                .setParameter(1, patronId).getResultList();
        Map<String, List<String>> choices = new LinkedHashMap<>();
        for (Occasion occasion : Occasion.values()) {
            List<String> channels = new ArrayList<>();
            for (Channel channel : Channel.values()) {
                if (rows.stream().noneMatch(r -> occasion.code.equals(r[0]) && channel.code.equals(r[1]))) {
                    channels.add(channel.code);
                }
            }
            choices.put(occasion.code, channels);
        }
        return choices;
    }

    /** The channels the patron wants for one occasion (before the master switches and what is available). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Channel> wanted(UUID patronId, Occasion occasion) {
        @SuppressWarnings("unchecked")
        List<String> unwanted = em.createNativeQuery("select channel from notice_choice where patron_id = ?1 and occasion = ?2 and not wanted")
                .setParameter(1, patronId).setParameter(2, occasion.code).getResultList();
        Set<Channel> wanted = EnumSet.allOf(Channel.class);
        unwanted.forEach(code -> Channel.of(code).ifPresent(wanted::remove));
        return wanted;
    }

    /**
     * Applies a profile change: each occasion named gets exactly the channels listed ({@code []}: none; {@code null}:
     * back to the default); occasions not named stay. Unknown occasions and channels are refused, all at once (400).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void change(UUID patronId, Map<String, List<String>> change) {
        if (change == null) {
            return;
        }
        List<ProblemException.Violation> wrong = new ArrayList<>();
        change.forEach((occasion, channels) -> {
            if (Occasion.find(occasion).isEmpty()) {
                wrong.add(new ProblemException.Violation("unknown-occasion", "notices", occasion));
            }
            if (channels != null) {
                for (String channel : channels) {
                    if (channel == null || Channel.of(channel).isEmpty()) {
                        wrong.add(new ProblemException.Violation("unknown-channel", "notices." + occasion, String.valueOf(channel)));
                    }
                }
            }
        });
        if (!wrong.isEmpty()) {
            throw new ProblemException(400, "invalid-request", wrong);
        }
        change.forEach((occasion, channels) -> {
            em.createNativeQuery("delete from notice_choice where patron_id = ?1 and occasion = ?2")
                    .setParameter(1, patronId).setParameter(2, occasion).executeUpdate();
            if (channels != null) {
                for (Channel channel : Channel.values()) {
                    em.createNativeQuery("insert into notice_choice (patron_id, occasion, channel, wanted) values (?1, ?2, ?3, ?4)")
                            .setParameter(1, patronId).setParameter(2, occasion).setParameter(3, channel.code)
                            .setParameter(4, channels.contains(channel.code)).executeUpdate();
                }
            }
        });
    }
}

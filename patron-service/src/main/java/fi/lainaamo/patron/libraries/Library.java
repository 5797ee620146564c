package fi.lainaamo.patron.libraries;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A library (consortium) that has joined Lainaamo and the municipalities whose residents it serves. */
@Entity
@Table(name = "library")
public class Library extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String LEFT = "left";

    @Id
    public UUID id;
    @Column(name = "name_fi")
    public String nameFi;
    @Column(name = "name_sv")
    public String nameSv;
    @Column(name = "name_en")
    public String nameEn;
    @Column(name = "join_date")
    public LocalDate joinDate;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    /** The first day the library no longer serves its residents; null while it is a member. */
    @Column(name = "left_on")
    public LocalDate leftOn;

    /** Municipality codes; the table's primary key on the code keeps each municipality in one library only. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "library_municipality", joinColumns = @JoinColumn(name = "library_id"))
    @Column(name = "code")
    public Set<String> municipalities = new TreeSet<>();

    /** Every library in a stable order: by Finnish name, then id. */
    public static List<Library> byName() {
        return find("select distinct l from Library l left join fetch l.municipalities order by l.nameFi, l.id").list();
    }

    /** The library that has the municipality, whether or not its join date has come. */
    public static Optional<Library> having(String municipality) {
        return find("select l from Library l join l.municipalities m where m = ?1", municipality).firstResultOptional();
    }

    /** Which of these municipality codes another library than {@code except} has, with the library holding each. */
    public static List<Object[]> heldByOthers(Set<String> municipalities, UUID except) {
        return getEntityManager()
                .createQuery("select m, l from Library l join l.municipalities m where m in ?1 and l.id <> ?2 order by m", Object[].class)
                .setParameter(1, municipalities)
                .setParameter(2, except)
                .getResultList();
    }

    /** Which of these municipality codes some library already has. */
    public static List<String> taken(Set<String> municipalities) {
        return getEntityManager()
                .createQuery("select m from Library l join l.municipalities m where m in ?1 order by m", String.class)
                .setParameter(1, municipalities)
                .getResultList();
    }

    /** Whether the library serves its residents on {@code day}: it is active and its join date has come. */
    public boolean serves(LocalDate day) {
        return !joinDate.isAfter(day) && (leftOn == null || day.isBefore(leftOn));
    }
}

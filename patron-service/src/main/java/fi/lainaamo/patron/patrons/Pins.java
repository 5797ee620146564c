package fi.lainaamo.patron.patrons;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.security.SecureRandom;

/** PINs are kept only as bcrypt hashes ($2b$, a random salt each), so a leaked database does not give them away. */
public final class Pins {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pins() {
    }

    public static String hash(String pin, int cost) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", pin.toCharArray(), salt, cost);
    }

    /** Whether the PIN matches the hash; a malformed hash or PIN never matches. */
    public static boolean matches(String hash, String pin) {
        if (hash == null || pin == null) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, pin.toCharArray());
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}

package fi.lainaamo.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * No secret in the manifests' text: no Secret with data (operators create them, see deploy/README.md), every
 * setting named like a secret comes from a Secret (secretKeyRef), and no literal value or ConfigMap entry looks like
 * a secret.
 */
final class SecretRules {

    private static final Pattern SECRET_KEY_NAME = Pattern.compile("(?i).*(password|secret|credential|private|token-key|signing).*");

    private SecretRules() {
    }

    static List<String> check(List<Manifests.Doc> docs) {
        List<String> problems = new ArrayList<>();
        for (Manifests.Doc doc : docs) {
            if (doc.model() instanceof Secret secret) {
                boolean plain = (secret.getData() != null && !secret.getData().isEmpty())
                        || (secret.getStringData() != null && !secret.getStringData().isEmpty());
                problems.add(doc.id() + (plain ? ": a Secret with its values in plain text" : ": Secrets are created by operators, not here"));
            }
            if (doc.model() instanceof ConfigMap map && map.getData() != null) {
                for (Map.Entry<String, String> e : map.getData().entrySet()) {
                    if (SECRET_KEY_NAME.matcher(e.getKey()).matches() || looksSecret(e.getValue())) {
                        problems.add(doc.id() + ": " + e.getKey() + " looks like a secret in a ConfigMap");
                    }
                }
            }
            if (doc.model() instanceof Deployment deployment) {
                List<Container> containers = new ArrayList<>(deployment.getSpec().getTemplate().getSpec().getContainers());
                if (deployment.getSpec().getTemplate().getSpec().getInitContainers() != null) {
                    containers.addAll(deployment.getSpec().getTemplate().getSpec().getInitContainers());
                }
                for (Container c : containers) {
                    for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                        boolean fromSecret = env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null;
                        if (ManifestsTest.SECRET_NAME.matcher(env.getName()).matches() && !fromSecret) {
                            problems.add(doc.id() + "/" + c.getName() + ": " + env.getName() + " is not taken from a Secret");
                        }
                        if (env.getValue() != null && looksSecret(env.getValue())) {
                            problems.add(doc.id() + "/" + c.getName() + ": " + env.getName() + " holds a literal that looks like a secret");
                        }
                    }
                }
            }
        }
        return problems;
    }

    static boolean looksSecret(String value) {
        return value != null && ManifestsTest.SECRET_VALUE.matcher(value.trim()).find();
    }
}

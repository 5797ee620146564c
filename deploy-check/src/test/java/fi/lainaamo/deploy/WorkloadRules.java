package fi.lainaamo.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What every workload must have: the standard labels, probes on the management port's health, requests and limits. */
final class WorkloadRules {

    private WorkloadRules() {
    }

    /** @param ports the workload's public and management port */
    static List<String> check(Deployment deployment, int[] ports) {
        List<String> problems = new ArrayList<>();
        String name = deployment.getMetadata().getName();
        Map<String, String> labels = deployment.getMetadata().getLabels();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (String label : ManifestsTest.STANDARD_LABELS) {
            if (labels == null || labels.getOrDefault(label, "").isBlank()) {
                problems.add(name + ": label " + label + " missing on the Deployment");
            }
            if (podLabels == null || podLabels.getOrDefault(label, "").isBlank()) {
                problems.add(name + ": label " + label + " missing on its pods");
            }
        }
        if (labels != null && !name.equals(labels.get("app.kubernetes.io/name"))) {
            problems.add(name + ": app.kubernetes.io/name is not the workload's name");
        }
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        if (podLabels == null || !podLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add(name + ": the selector does not match the pod labels");
        }
        for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            for (String[] probe : new String[][] {{"startupProbe", "/q/health/started"}, {"livenessProbe", "/q/health/live"},
                    {"readinessProbe", "/q/health/ready"}}) {
                Probe p = ManifestsTest.probe(c, probe[0]);
                if (p == null || p.getHttpGet() == null) {
                    problems.add(name + "/" + c.getName() + ": no " + probe[0] + " (HTTP)");
                    continue;
                }
                if (!probe[1].equals(p.getHttpGet().getPath())) {
                    problems.add(name + "/" + c.getName() + ": " + probe[0] + " asks " + p.getHttpGet().getPath() + ", not " + probe[1]);
                }
                Integer port = ManifestsTest.portNumber(c, p.getHttpGet().getPort());
                if (port == null || port != ports[1]) {
                    problems.add(name + "/" + c.getName() + ": " + probe[0] + " is not on the management port " + ports[1]);
                }
            }
            if (c.getPorts() == null || c.getPorts().stream().noneMatch(p -> p.getContainerPort() == ports[0])) {
                problems.add(name + "/" + c.getName() + ": does not declare its public port " + ports[0]);
            }
            var resources = c.getResources();
            for (String kind : new String[] {"requests", "limits"}) {
                Map<String, Quantity> amounts = resources == null ? null
                        : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
                for (String resource : new String[] {"cpu", "memory"}) {
                    if (amounts == null || amounts.get(resource) == null) {
                        problems.add(name + "/" + c.getName() + ": no " + resource + " in resources." + kind);
                    }
                }
            }
            if (resources != null && resources.getRequests() != null && resources.getLimits() != null
                    && resources.getRequests().get("memory") != null && resources.getLimits().get("memory") != null
                    && Quantity.getAmountInBytes(resources.getRequests().get("memory"))
                            .compareTo(Quantity.getAmountInBytes(resources.getLimits().get("memory"))) > 0) {
                problems.add(name + "/" + c.getName() + ": requests more memory than its limit");
            }
        }
        return problems;
    }
}

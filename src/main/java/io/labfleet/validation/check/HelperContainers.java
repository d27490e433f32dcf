package io.labfleet.validation.check;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers the check engine itself ran in one sandbox (probes, file readers), known by the ids the sandbox's
 * daemon gave them when the engine created them. Only those are left out of what checks see: a label, a name or an
 * image can be copied by a learner to hide a container of their own, an id the engine was handed cannot.
 */
public interface HelperContainers {

    boolean contains(String containerId);

    /** Remembers a container the engine has just created, before it runs. */
    void add(String containerId);

    /** Helpers known only to one connection: those it creates itself. */
    static HelperContainers inMemory() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        return new HelperContainers() {
            @Override
            public boolean contains(String containerId) {
                return ids.contains(containerId);
            }

            @Override
            public void add(String containerId) {
                ids.add(containerId);
            }
        };
    }
}

package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The service started on a database where it had been validating when it stopped ({@link InterruptedRunsBeforeStart}). */
public class RestartedReplicaProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(InterruptedRunsBeforeStart.class));
    }
}

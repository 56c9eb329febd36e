package faastestbed.gateway.invocation;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Starts the drain when the JVM is asked to stop (SIGTERM), beside Quarkus' own graceful wait rather than after it.
 * Quarkus closes every open HTTP connection when its wait ({@code quarkus.shutdown.timeout}) ends and only then fires
 * {@link ShutdownEvent}; a drain that began there could write the rows of calls cut off at the deadline, but their
 * clients would only see the connection close. Begun here, the cut-off calls answer 503 while HTTP still serves, and
 * Quarkus' wait ends as soon as they have.
 */
@ApplicationScoped
class StopSequence {
    private final InvocationService invocations;
    private final AsyncInvocations async;
    /** The application stopped without the JVM stopping (tests): the JVM's later exit finds nothing to drain. */
    private volatile boolean stopped;

    @Inject
    StopSequence(InvocationService invocations, AsyncInvocations async) {
        this.invocations = invocations;
        this.async = async;
    }

    void onStart(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopRequested, "stop-requested"));
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        stopped = true;
    }

    private void stopRequested() {
        if (stopped) {
            return;
        }
        long requested = System.nanoTime();
        async.stopTakingWork();
        invocations.cutOff(requested);
    }
}

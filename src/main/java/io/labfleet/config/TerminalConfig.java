package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The browser terminal: a sandbox's shell over a WebSocket ({@code labfleet.terminal.*}). */
@ConfigMapping(prefix = "labfleet.terminal")
public interface TerminalConfig {

    /**
     * How long a terminal ticket ({@code POST /api/v1/sandboxes/{id}/terminal-tickets}) may wait before it opens
     * the socket. A ticket is a bearer credential in a URL: short, and it opens one socket only.
     */
    @WithDefault("15s")
    Duration ticketLifetime();

    /**
     * How long a terminal may go without a byte either way (typed or printed) before it is closed (close code
     * 4408). Pings do not count: an abandoned browser tab that keeps its socket alive still ends.
     */
    @WithDefault("30m")
    Duration idleTimeout();

    /**
     * Terminals (typing or watching) one person may hold open at once on one replica; past it a new one is
     * refused (close code 4429), so that forgotten tabs cannot use up the threads other learners need.
     */
    @WithDefault("5")
    int maxPerUser();

    /**
     * How often open terminals are checked: closed when idle too long or when their sandbox stopped being usable
     * elsewhere (this replica's own teardowns close them at once); used and expired tickets are forgotten then too.
     */
    @WithDefault("30s")
    Duration checkInterval();

    /**
     * How much of a terminal's latest output (bytes) an instructor who starts watching is shown first, so that
     * they see the screen the learner sees rather than a blank one.
     */
    @WithDefault("16384")
    int watchReplayBytes();

    /**
     * The least time between two resizes of a terminal's shell (each is a call to the sandbox's backend). Sizes a
     * socket asks for faster are coalesced: the latest one is applied when the interval ends.
     */
    @WithDefault("200ms")
    Duration resizeInterval();

    /**
     * How many bytes of output the service holds for one socket that has not taken them yet (a watcher's slow or
     * stalled connection). Past it that socket is closed (close code 1013) rather than the service's memory
     * growing; the learner's own terminal is not closed: its shell waits for the learner's connection instead.
     * Keep it above {@code watch-replay-bytes}.
     */
    @WithDefault("1048576")
    int sendBufferBytes();
}

package io.labfleet.tenant;

/** A create was refused because a tenant or learner quota is used up. */
public class QuotaExceededException extends RuntimeException {

    private final String quota;
    private final long limit;
    private final long current;

    public QuotaExceededException(String quota, long limit, long current, String message) {
        super(message);
        this.quota = quota;
        this.limit = limit;
        this.current = current;
    }

    public String quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }

    public long current() {
        return current;
    }
}

package io.labfleet.tenant;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/** Registers tenants and manages their quotas. */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);

    private final LabfleetConfig config;
    private final Clock clock;

    TenantService(LabfleetConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Makes sure the caller's tenant exists, registering it with default quotas when allowed.
     * Runs in its own transaction so that a concurrent registration of the same tenant is harmless.
     */
    public void ensureRegistered(String tenantId) {
        if (QuarkusTransaction.requiringNew().call(() -> Tenant.findById(tenantId) != null)) {
            return;
        }
        if (!config.tenants().autoRegister()) {
            throw new TenantNotRegisteredException(tenantId);
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Tenant tenant = new Tenant();
                tenant.id = tenantId;
                tenant.displayName = tenantId;
                tenant.createdAt = clock.instant();
                tenant.apply(defaultQuotas(), tenant.createdAt);
                tenant.persist();
                tenant.flush();
            });
            LOG.infof("Registered tenant %s with default quotas", tenantId);
        } catch (PersistenceException | QuarkusTransactionException raced) {
            // Another request registered it between our look-up and our insert: that is the outcome we wanted.
            if (QuarkusTransaction.requiringNew().call(() -> Tenant.findById(tenantId) == null)) {
                throw new IllegalStateException("Could not register tenant " + tenantId, raced);
            }
        }
    }

    public Quotas defaultQuotas() {
        LabfleetConfig.Tenants defaults = config.tenants();
        return new Quotas(defaults.defaultMaxActiveSandboxes(), defaults.defaultMaxSandboxesPerLearner(),
                defaults.defaultMaxLifetime());
    }

    public Tenant get(String tenantId) {
        Tenant tenant = Tenant.findById(tenantId);
        if (tenant == null) {
            throw new TenantNotFoundException(tenantId);
        }
        return tenant;
    }

    /**
     * Locks the tenant row for the rest of the transaction, so quota checks of concurrent creates
     * in the same tenant run one after the other and can never overshoot.
     */
    public Tenant lockForQuotaCheck(String tenantId) {
        Tenant tenant = Tenant.findById(tenantId, LockModeType.PESSIMISTIC_WRITE);
        if (tenant == null) {
            throw new TenantNotFoundException(tenantId);
        }
        return tenant;
    }

    public List<Tenant> list() {
        return Tenant.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    /** Creates the tenant or replaces its name and quotas. Returns whether it was created. */
    @Transactional
    public boolean put(String tenantId, String displayName, Quotas quotas) {
        Tenant tenant = Tenant.findById(tenantId, LockModeType.PESSIMISTIC_WRITE);
        boolean created = tenant == null;
        if (created) {
            tenant = new Tenant();
            tenant.id = tenantId;
            tenant.createdAt = clock.instant();
        }
        tenant.displayName = displayName == null || displayName.isBlank() ? tenantId : displayName;
        tenant.apply(quotas, clock.instant());
        if (created) {
            tenant.persist();
        }
        return created;
    }
}

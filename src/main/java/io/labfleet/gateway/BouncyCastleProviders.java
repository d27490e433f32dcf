package io.labfleet.gateway;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

import java.security.Provider;
import java.security.Security;

/**
 * MINA's ed25519 keys come from Bouncy Castle, which it registers JVM-wide as provider "BC" and then looks up by
 * name. When the application is started again in the same JVM with a new class loader (test profiles, dev-mode
 * reloads), the registered provider is the previous loader's, and its keys fail with a ClassCastException. So
 * the gateway drops a provider of another loader before it starts, and its own when it stops.
 */
final class BouncyCastleProviders {

    private static final Logger LOG = Logger.getLogger(BouncyCastleProviders.class);

    private BouncyCastleProviders() {
    }

    static void dropForeign() {
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (registered != null && registered.getClass().getClassLoader() != BouncyCastleProvider.class.getClassLoader()) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            LOG.debug("Dropped a Bouncy Castle provider left by an earlier class loader of this JVM");
        }
    }

    static void dropOwn() {
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (registered != null && registered.getClass().getClassLoader() == BouncyCastleProvider.class.getClassLoader()) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }
}

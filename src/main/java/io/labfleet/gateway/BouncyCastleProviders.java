package io.labfleet.gateway;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.Logger;

import java.security.Provider;
import java.security.Security;

/**
 * MINA's ed25519 keys come from Bouncy Castle, which it registers JVM-wide as provider "BC" once per class loader
 * of its own, and then looks up by name. The application may be started again in the same JVM: with a new class
 * loader for the libraries too (test profiles), the registered provider is the previous loader's and its keys fail
 * with a ClassCastException; with the same library loader (dev-mode live reload), MINA remembers having registered
 * it and never does again. So before the gateway starts, a provider of another loader is dropped and ours
 * registered if it is missing; when it stops, ours is dropped, so that a discarded class loader is not kept alive.
 */
final class BouncyCastleProviders {

    private static final Logger LOG = Logger.getLogger(BouncyCastleProviders.class);

    private BouncyCastleProviders() {
    }

    static void beforeStart() {
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (registered != null && registered.getClass().getClassLoader() != BouncyCastleProvider.class.getClassLoader()) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            LOG.debug("Dropped a Bouncy Castle provider left by an earlier class loader of this JVM");
        }
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    static void afterStop() {
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (registered != null && registered.getClass().getClassLoader() == BouncyCastleProvider.class.getClassLoader()) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }
}

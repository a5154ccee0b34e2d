package com.flashcart.common.db;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * With {@code cachePrepStmts=true} (application.properties), Connector/J creates each connection's statement
 * cache from the class its {@code queryInfoCacheFactory} property names, by reflection. quarkus-jdbc-mysql does not
 * register that class, so a native executable failed on its first connection (Flyway, at start-up).
 * ConnectorJNativeTest checks that this is the class the driver asks for.
 */
@RegisterForReflection(classNames = ConnectorJNative.QUERY_INFO_CACHE_FACTORY)
final class ConnectorJNative {

    static final String QUERY_INFO_CACHE_FACTORY = "com.mysql.cj.PerConnectionLRUFactory";

    private ConnectorJNative() {
    }
}

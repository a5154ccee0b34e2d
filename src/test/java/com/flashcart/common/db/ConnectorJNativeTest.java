package com.flashcart.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.mysql.cj.CacheAdapterFactory;
import com.mysql.cj.conf.PropertyDefinitions;
import com.mysql.cj.conf.PropertyKey;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The native executable can create Connector/J's statement cache (see {@link ConnectorJNative}). */
@Tag("unit")
class ConnectorJNativeTest {

    @Test
    void theStatementCacheFactoryTheDriverLoadsIsRegistered() throws ClassNotFoundException {
        String asked = (String) PropertyDefinitions.getPropertyDefinition(PropertyKey.queryInfoCacheFactory)
                .getDefaultValue();
        assertEquals(asked, ConnectorJNative.QUERY_INFO_CACHE_FACTORY);
        assertTrue(CacheAdapterFactory.class.isAssignableFrom(Class.forName(asked)));
        String[] registered = ConnectorJNative.class.getAnnotation(RegisterForReflection.class).classNames();
        assertTrue(Arrays.asList(registered).contains(asked), asked + " is not registered for reflection");
    }
}

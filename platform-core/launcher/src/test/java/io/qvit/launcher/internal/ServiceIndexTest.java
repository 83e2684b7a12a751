package io.qvit.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.Quantizer;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/** The registry's index of services by kind and id, fed by the tracker's callbacks. */
class ServiceIndexTest {

    @Test
    void indexesByKindAndIdAndForgetsRemovedServices() {
        ServiceIndex index = new ServiceIndex();
        ServiceReference<Object> uniform = ref(bundle(7, "1.0.0"), "uniform", Quantizer.class);
        ServiceReference<Object> repq = ref(bundle(8, "1.0.0"), "repq", MethodPreset.class, Quantizer.class);
        index.add(uniform);
        index.add(repq);
        assertEquals(Set.of("uniform", "repq"), index.ids("Quantizer"));
        assertEquals(Set.of("repq"), index.ids("MethodPreset"));
        assertEquals(Optional.of(uniform), index.best("Quantizer", "uniform"));
        index.remove(uniform);
        assertEquals(Set.of("repq"), index.ids("Quantizer"));
        assertTrue(index.best("Quantizer", "uniform").isEmpty());
    }

    @Test
    void oneBundleWithTwoVersionsGivesTheHighestTwoBundlesGiveNone() {
        ServiceIndex index = new ServiceIndex();
        Bundle b = bundle(7, "1.2.0");
        ServiceReference<Object> a1 = ref(b, "uniform", Quantizer.class);
        ServiceReference<Object> a2 = ref(b, "uniform", Quantizer.class);
        index.add(a1);
        index.add(a2);
        assertTrue(index.best("Quantizer", "uniform").isPresent());
        ServiceReference<Object> other = ref(bundle(9, "9.0.0"), "uniform", Quantizer.class);
        index.add(other);
        assertTrue(index.best("Quantizer", "uniform").isEmpty(), "an id from two bundles is a conflict");
        assertTrue(index.ids("Quantizer").isEmpty());
        index.remove(other);
        assertTrue(index.best("Quantizer", "uniform").isPresent());
    }

    @Test
    void kindOfNamesTheFirstPluginKindOrOther() {
        assertEquals("Quantizer", ServiceIndex.kindOf(new String[] {"java.lang.Runnable", Quantizer.class.getName()}));
        assertEquals("other", ServiceIndex.kindOf(new String[] {"java.lang.Runnable"}));
    }

    private static Bundle bundle(long id, String version) {
        Bundle b = mock(Bundle.class);
        when(b.getBundleId()).thenReturn(id);
        when(b.getVersion()).thenReturn(Version.parseVersion(version));
        return b;
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Object> ref(Bundle b, String id, Class<?>... kinds) {
        ServiceReference<Object> r = mock(ServiceReference.class);
        when(r.getBundle()).thenReturn(b);
        when(r.getProperty(QvitPlugin.ID_PROPERTY)).thenReturn(id);
        String[] names = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            names[i] = kinds[i].getName();
        }
        when(r.getProperty(Constants.OBJECTCLASS)).thenReturn(names);
        return r;
    }
}

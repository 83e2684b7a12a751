package io.qvit.launcher.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import jakarta.inject.Singleton;

/**
 * Wires the core: the installation layout, the experiment schema and reader. Commands and the
 * parts they use are created by the injector (see {@link GuiceFactory}).
 */
public final class LauncherModule extends AbstractModule {
    private final PlatformLayout layout;

    /** A module for the installation at {@code layout}. */
    public LauncherModule(PlatformLayout layout) {
        this.layout = layout;
    }

    @Override
    protected void configure() {
        bind(PlatformLayout.class).toInstance(layout);
    }

    @Provides
    @Singleton
    ExperimentSchema schema() {
        return new ExperimentSchema();
    }

    @Provides
    ExperimentReader reader(ExperimentSchema schema) {
        return new ExperimentReader(schema, System::getenv);
    }
}

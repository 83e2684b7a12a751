package io.qvit.launcher.internal.cli;

import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import java.nio.file.Path;

/** The qvit commands inside the Gogo shell; Gogo calls these public methods by name. */
public final class GogoCommands {
    private final QvitCommand parent;

    GogoCommands(QvitCommand parent) {
        this.parent = parent;
    }

    /** {@code qvit:plugins}: the plugin table. */
    public String plugins() {
        return PluginTable.render(parent.platform().registry().list());
    }

    /** {@code qvit:validate FILE}: OK or one line per problem. */
    public String validate(String file) {
        java.io.StringWriter problems = new java.io.StringWriter();
        ExperimentFile f = Experiments.readAndCheck(new ExperimentReader(new ExperimentSchema(), System::getenv),
                Path.of(file), parent.platform().registry(), new java.io.PrintWriter(problems));
        return f != null ? "OK " + file : problems.toString().stripTrailing();
    }
}

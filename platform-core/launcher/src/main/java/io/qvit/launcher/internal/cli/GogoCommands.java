package io.qvit.launcher.internal.cli;

import io.qvit.engine.experiment.ExperimentChecker;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import java.nio.file.Path;
import java.util.List;

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
        ExperimentReader reader = new ExperimentReader(new ExperimentSchema(), System::getenv);
        try {
            ExperimentFile f = reader.read(Path.of(file));
            List<ExperimentException> problems = new ExperimentChecker(parent.platform().registry()).check(f);
            return problems.isEmpty() ? "OK " + file
                    : String.join("\n", problems.stream().map(Throwable::getMessage).toList());
        } catch (ExperimentException e) {
            return e.getMessage();
        }
    }
}

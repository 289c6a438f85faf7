import java.nio.file.Path;
import java.util.Arrays;
import org.eagerae.InvalidInputException;
import org.eagerae.experiment.LabelStudyTables;

/**
 * Prints the label-efficiency study's tables in Markdown, for docs/RESULTS.md, from the {@code results.csv} of one or
 * more experiments ({@link LabelStudyTables}): a study run in parts is one study. The study's own results files are kept in
 * docs/results/.
 *
 * <pre>
 * java -cp eagerae-core/target/classes scripts/StudyTables.java docs/results/labels-cifar10-seed1.csv ...
 * </pre>
 */
public final class StudyTables {

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: java -cp eagerae-core/target/classes scripts/StudyTables.java RESULTS_CSV...");
            System.exit(2);
        }
        try {
            System.out.print(LabelStudyTables.markdown(Arrays.stream(args).map(Path::of).toList()));
        } catch (InvalidInputException e) {
            System.err.println("StudyTables: " + e.getMessage());
            System.exit(2);
        }
    }
}

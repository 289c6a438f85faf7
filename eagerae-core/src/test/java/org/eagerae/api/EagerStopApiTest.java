package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eagerae.data.ImageDataset;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.testing.TinyImages;
import org.eagerae.train.ProbeRecord;
import org.eagerae.train.StoppingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eager stop from Java: the same rule as {@code train --stop auto}, stored with the run. */
class EagerStopApiTest {

    @TempDir
    Path tmp;

    @Test
    void theJavaApiStopsTheEnsembleByTheProbe() {
        ImageDataset data = TinyImages.bars(400, 1, 28, 10, 8);
        float[][] images = new float[data.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOfRange(data.pixels(), i * data.imageSize(), (i + 1) * data.imageSize());
        }
        StoppingRule.Auto rule = StoppingRule.Auto.defaults().withPatience(1).withProbeImages(100);
        Path out = EnsembleTrainer.onImages(images, data.labels(), 1, 28, 28).split(200, 100).members(2).epochs(4).seed(2)
                .backend("inline").stop(rule).out(tmp.resolve("run")).train();
        RunDirectory run = RunDirectory.open(out);
        assertThat(run.readManifest().spec().training().stop()).isEqualTo(rule);
        List<ProbeRecord> rows = run.readProbe();
        int last = rows.get(rows.size() - 1).epoch();
        assertThat(rows.get(0).epoch()).isZero();
        assertThat(last).isBetween(1, 4);
        assertThat(run.readManifest().members()).extracting(MemberStatus::epochs).containsOnly(last);
        assertThat(run.readManifest().members()).extracting(MemberStatus::stopReason)
                .containsOnly(rule.ensembleStopReason(rows).orElse("max epochs: 4"));
    }
}

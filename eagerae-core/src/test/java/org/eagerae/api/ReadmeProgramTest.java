package org.eagerae.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java API section as a user copies it: the complete program compiles against the
 * library (its other example, {@link ReadmeExample}, is compiled with the tests and run by
 * {@link JavaApiTest} and {@link EmbeddedApiTest}), and its dependencies name this build's versions.
 */
class ReadmeProgramTest {

    @TempDir
    Path tmp;

    private static String javaApiSection() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Java API");
        return readme.substring(start, readme.indexOf("\n## ", start + 1));
    }

    @Test
    void theCompleteProgramCompiles() throws Exception {
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(javaApiSection());
        String program = null;
        while (block.find()) {
            if (block.group(1).contains("public final class Example")) {
                program = block.group(1);
            }
        }
        assertThat(program).as("the README's complete program").isNotNull();
        Path source = tmp.resolve("Example.java");
        Files.writeString(source, program);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source.toFile());
            boolean compiled = javac.getTask(diagnostics, files, null, List.of("-classpath", System.getProperty("java.class.path"), "-d",
                    tmp.toString(), "--release", "17"), null, units).call();
            assertThat(compiled).as(diagnostics.toString()).isTrue();
        }
        assertThat(tmp.resolve("Example.class")).isRegularFile();
    }

    @Test
    void theDependenciesNameThisBuildsVersions() throws Exception {
        String section = javaApiSection();
        String parent = Files.readString(Path.of("../pom.xml"), StandardCharsets.UTF_8);
        String version = first(parent, "<artifactId>eagerae-parent</artifactId>\\s*<version>([^<]+)</version>");
        String logback = first(parent, "<artifactId>logback-classic</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(section).contains("<groupId>org.eagerae</groupId>\n    <artifactId>eagerae-core</artifactId>\n    <version>" + version
                + "</version>");
        assertThat(section).contains("<artifactId>logback-classic</artifactId>\n    <version>" + logback + "</version>");
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}

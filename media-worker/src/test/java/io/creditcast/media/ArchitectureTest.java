package io.creditcast.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Features depend downwards only: upload → transcode → ffmpeg; process supervision knows nothing of HTTP. */
@AnalyzeClasses(packages = "io.creditcast.media", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresHaveNoCycles =
            slices().matching("io.creditcast.media.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule ffmpegKnowsNoOtherFeature = noClasses()
            .that()
            .resideInAPackage("io.creditcast.media.ffmpeg..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.creditcast.media.transcode..", "io.creditcast.media.upload..", "io.creditcast.media.problem..");

    @ArchTest
    static final ArchRule transcodingKnowsNothingOfUploads = noClasses()
            .that()
            .resideInAPackage("io.creditcast.media.transcode..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.creditcast.media.upload..");

    @ArchTest
    static final ArchRule processSupervisionIsFreeOfWebAndReactor = noClasses()
            .that()
            .resideInAnyPackage("io.creditcast.media.ffmpeg..", "io.creditcast.media.transcode..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "reactor..");
}

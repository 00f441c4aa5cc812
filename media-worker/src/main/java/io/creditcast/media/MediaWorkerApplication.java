package io.creditcast.media;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The media worker: runs FFmpeg as supervised processes to turn uploads (and, later, live ingest) into
 * adaptive HLS. Each feature wires itself in its own {@code *Configuration} class.
 */
@SpringBootApplication
public class MediaWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(MediaWorkerApplication.class, args);
    }
}

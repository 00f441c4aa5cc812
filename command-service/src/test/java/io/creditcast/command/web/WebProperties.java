package io.creditcast.command.web;

import io.creditcast.command.config.CreditcastProperties;

/** The configuration the web layer's unit tests need: admission control and the HTTP server's threads only. */
final class WebProperties {
    private WebProperties() {}

    static CreditcastProperties of(CreditcastProperties.Admission admission, CreditcastProperties.Http http) {
        return new CreditcastProperties(null, null, null, null, null, null, null, null, admission, http);
    }
}

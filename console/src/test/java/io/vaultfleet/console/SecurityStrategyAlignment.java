package io.vaultfleet.console;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Before each test, points the static {@link SecurityContextHolder} at the test's own application context's
 * {@link SecurityContextHolderStrategy}. Vaadin installs one strategy per context; with several cached test contexts
 * in one JVM the static holder would otherwise keep the last-started context's, and a test that signs in through the
 * static holder would be invisible to its own context's method security.
 */
public class SecurityStrategyAlignment implements TestExecutionListener {
    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        testContext.getApplicationContext().getBeanProvider(SecurityContextHolderStrategy.class)
                .ifAvailable(SecurityContextHolder::setContextHolderStrategy);
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        // @BeforeAll/@BeforeEach of the class run after the context exists; align as early as it does
        beforeTestMethod(testContext);
    }
}

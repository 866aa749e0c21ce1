# Shared by functions/<module>/Makefile: how `sam build` builds one function module (the template's
# functions say `Metadata: BuildMethod: makefile`). SAM runs `make --makefile <that Makefile>
# build-<LogicalId>` with ARTIFACTS_DIR set, in a scratch copy of the module directory, so the
# repository is found from this file's own path, not from the working directory.
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/building-custom-runtimes.html
#
# The module's Makefile sets MODULE (the directory name under functions/) and makes each
# build-<LogicalId> depend on `lambda`.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
# The version of the root pom (a consistency test checks they agree).
VERSION := 0.1.0-SNAPSHOT
JAR := $(ROOT)/functions/$(MODULE)/target/sqm-$(MODULE)-$(VERSION)-lambda.jar
# What the jar is built from: the module, the shared modules it may depend on, the root pom. The jar
# is rebuilt only when one of them is newer, so the module's second function reuses the first's jar.
SOURCES := $(ROOT)/pom.xml $(shell find "$(ROOT)/shared" "$(ROOT)/functions/$(MODULE)" \
  -name target -prune -o -type f -print)

# MAVEN_FLAGS: extra Maven options, e.g. MAVEN_FLAGS="-o" to build offline.
$(JAR): $(SOURCES)
	"$(ROOT)/mvnw" -q -B -f "$(ROOT)/pom.xml" -pl functions/$(MODULE) -am package -DskipTests $(MAVEN_FLAGS)
	touch "$(JAR)"

# The shaded jar goes under lib/ of the function's zip, one of the layouts the Java runtime loads
# (classes at the root, dependency jars in lib/):
# https://docs.aws.amazon.com/lambda/latest/dg/java-package.html
.PHONY: lambda
lambda: $(JAR)
	test -n "$(ARTIFACTS_DIR)"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(JAR)" "$(ARTIFACTS_DIR)/lib/"

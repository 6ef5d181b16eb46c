# narvik — terminal operations console for AI gigafactories.
#
#   make demo          set up, build and run the console on the demo site
#   make check         set up, build and run every test
#   make check-unit | check-screen | check-integration
#   make asan          the unit and screen tests under ASan + UBSan
#   make bench         the benchmarks in tests/bench (printed, not asserted)
#   make fuzz          every parser under libFuzzer (FUZZ_TIME seconds each)
#   make install PREFIX=/usr/local

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
PKGS    := ncursesw libcurl libcjson libssh2 inih

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wundef \
           -Wcast-qual -Wwrite-strings
CSTD    := -std=c17 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) -I. $(PKG_CFLAGS) -MMD -MP $(CFLAGS) \
             -DNARVIK_DATADIR='"$(PREFIX)/share/narvik"'
LDLIBS_ALL = $(PKG_LIBS) -lm $(LDLIBS)

# Everything but main.c goes into the library the tests link against.
SRC_ALL  := $(sort $(wildcard util/*.c site/*.c connectors/*.c panels/*.c tui/*.c))
SRC_LIB  := $(filter-out tui/main.c,$(SRC_ALL))
OBJ_LIB  := $(SRC_LIB:%.c=$(BUILD)/%.o)
BIN      := $(BUILD)/narvik

.PHONY: FORCE all deps test-deps demo check check-unit check-screen \
        check-integration asan bench install clean fuzz

all: $(BIN)

deps:
	@sh scripts/deps.sh

test-deps:
	@sh scripts/deps.sh test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The data directory is compiled in: rebuild what uses it when PREFIX changes.
$(BUILD)/.prefix: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/tui/theme.o: $(BUILD)/.prefix
FORCE:

$(BUILD)/libnarvik.a: $(OBJ_LIB)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/tui/main.o $(BUILD)/libnarvik.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) --demo $(ARGS)

# ---- unit tests -----------------------------------------------------------
# Each unit test lists the sources it needs, so one module's test builds
# without the rest of the tree: DEPS_<name> for tests/unit/test_<name>.c.
DEPS_text      = util/text.c
DEPS_pollset   = util/pollset.c
DEPS_lines     = util/lines.c
DEPS_http      = connectors/http.c util/pollset.c util/clock.c tests/support/child.c
SITE_SRC       = site/site.c site/site_names.c site/site_plant.c site/site_sched.c util/text.c
DEPS_site      = $(SITE_SRC)
DEPS_hostlist  = site/hostlist.c
DEPS_inventory = site/inventory.c site/hostlist.c $(SITE_SRC)
DEPS_alerts    = site/alerts.c $(SITE_SRC)
DEPS_snapshot  = site/snapshot.c site/alerts.c $(SITE_SRC) util/jsonw.c
DEPS_jsonw     = util/jsonw.c util/text.c
DEPS_theme     = util/lines.c tui/theme.c panels/canvas.c util/text.c
DEPS_config    = util/lines.c tui/config.c tui/config_table.c tui/theme.c panels/canvas.c util/secret.c util/text.c connectors/connector.c
DEPS_secret    = util/secret.c util/text.c
DEPS_demo      = connectors/demo.c connectors/demo_sim.c connectors/connector.c $(SITE_SRC) site/hostlist.c util/pollset.c util/clock.c
DEPS_canvas    = panels/canvas.c util/text.c
DEPS_layout    = tui/layout.c
DEPS_keymap    = tui/keymap.c
DEPS_panels    = $(filter panels/%.c,$(SRC_LIB)) $(SITE_SRC) site/hostlist.c site/alerts.c util/clock.c
DEPS_racks   = $(DEPS_panels)
DEPS_cmdline   = tui/cmdline.c tui/prompt.c panels/canvas.c site/hostlist.c util/text.c
DEPS_promparse = connectors/promparse.c connectors/dcgm.c $(SITE_SRC)
DEPS_audit     = tui/audit.c util/jsonw.c util/text.c
DEPS_prometheus = connectors/prometheus.c connectors/http.c connectors/promparse.c connectors/dcgm.c connectors/connector.c util/secret.c util/pollset.c util/clock.c $(SITE_SRC) tests/support/child.c

UNIT_TESTS := $(sort $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c)))
UNIT_BINS  := $(UNIT_TESTS:%=$(BUILD)/tests/test_%)

objs_of = $(patsubst %.c,$(BUILD)/%.o,$(1))

.SECONDEXPANSION:
$(BUILD)/tests/test_%: tests/unit/test_%.c $$(call objs_of,$$(DEPS_$$*))
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(filter %.o,$^) $(LDLIBS_ALL) $(shell pkg-config --libs cmocka)

# make test-NAME builds and runs one unit test (and keeps the binary).
.PRECIOUS: $(BUILD)/tests/test_%
test-%: $(BUILD)/tests/test_%
	./$<

check-unit: test-deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS)
	@sh tests/run-unit.sh $(BUILD) $(UNIT_TESTS)

check-screen: test-deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/screen/run.sh $(BUILD)

check-integration: test-deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/integration/run.sh $(BUILD)

check: test-deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS)
	@sh tests/run-all.sh $(BUILD) $(UNIT_TESTS)

asan: test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check-unit check-screen

bench: deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/libnarvik.a
	@sh tests/bench/run.sh $(BUILD)

# ---- fuzzing (libFuzzer, clang): make fuzz FUZZ_TIME=60 ---------------------
FUZZ_hostlist  = site/hostlist.c
FUZZ_inventory = site/inventory.c site/hostlist.c $(SITE_SRC)
FUZZ_config    = util/lines.c tui/config.c tui/config_table.c tui/theme.c panels/canvas.c util/secret.c \
                 util/text.c connectors/connector.c
FUZZ_theme     = util/lines.c tui/theme.c panels/canvas.c util/text.c
FUZZ_cmdline   = tui/cmdline.c util/text.c
FUZZ_promparse = connectors/promparse.c
FUZZERS        = hostlist inventory config theme cmdline promparse
FUZZ_TIME     ?= 20

fuzz: test-deps
	@mkdir -p build-fuzz/corpus
	@for f in $(FUZZERS); do \
	  case $$f in hostlist) src="$(FUZZ_hostlist)";; inventory) src="$(FUZZ_inventory)";; \
	    config) src="$(FUZZ_config)";; theme) src="$(FUZZ_theme)";; cmdline) src="$(FUZZ_cmdline)";; \
	    promparse) src="$(FUZZ_promparse)";; esac; \
	  clang $(CSTD) -g -O1 -I. $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
	    -o build-fuzz/fuzz_$$f tests/fuzz/fuzz_$$f.c $$src $(LDLIBS_ALL) || exit 1; \
	  mkdir -p build-fuzz/corpus/$$f; \
	  echo "fuzz_$$f: $(FUZZ_TIME) s"; \
	  build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) build-fuzz/corpus/$$f >build-fuzz/$$f.log 2>&1 \
	    || { tail -n 40 build-fuzz/$$f.log; exit 1; }; tail -n 1 build-fuzz/$$f.log; \
	done

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/narvik/themes \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/narvik
	install -m 0644 themes/*.theme $(DESTDIR)$(PREFIX)/share/narvik/themes/
	install -m 0644 man/narvik.1 $(DESTDIR)$(PREFIX)/share/man/man1/narvik.1

clean:
	rm -rf build build-*

-include $(wildcard $(BUILD)/*/*.d $(BUILD)/*/*/*.d)

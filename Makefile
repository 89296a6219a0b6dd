# The two commands: `make run` and `make test`. Both install what they need first.
DB ?= var/zhaoshang.db
LISTEN ?= 127.0.0.1:8080
export DB LISTEN

.PHONY: setup build run test bench clean

setup:
	@scripts/setup

build: setup
	@scripts/build

run: build
	@scripts/run

test: build
	@scripts/test

clean:
	rm -rf build web/dist

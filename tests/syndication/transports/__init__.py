"""Tests of the remote delivery transports against real servers on the loopback interface."""

import JMRSim
